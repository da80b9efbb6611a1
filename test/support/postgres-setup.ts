import { openDatabase } from '../../src/db/database.ts';
import { migrate } from '../../src/db/migrate.ts';

/** Migrates the PostgreSQL test database once before the postgres project's files run. */
export default async function setup() {
  const handle = await openDatabase({ url: process.env.TEST_DATABASE_URL });
  try {
    await migrate(handle);
  } finally {
    await handle.close();
  }
}
