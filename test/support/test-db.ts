import { type DatabaseHandle, openDatabase } from '../../src/db/database.ts';
import { migrate } from '../../src/db/migrate.ts';

/** The database under test: a fresh in-memory PGlite, or the shared PostgreSQL test database. */
export async function openTestDatabase(): Promise<DatabaseHandle> {
  if (process.env.KASSA_TEST_DB === 'postgres') {
    const url = process.env.TEST_DATABASE_URL;
    if (!url) throw new Error('the postgres test project needs TEST_DATABASE_URL');
    const handle = await openDatabase({ url, poolSize: 5 });
    await migrate(handle);
    return handle;
  }
  const handle = await openDatabase({ dataDir: 'memory://' });
  await migrate(handle);
  return handle;
}
