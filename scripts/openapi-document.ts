/**
 * The OpenAPI document the server serves at /api/openapi.json, built in-process from the routes'
 * schemas: no server listens and no database is opened (Kysely's DummyDriver answers nothing).
 */
import { DummyDriver, Kysely, PostgresAdapter, PostgresIntrospector, PostgresQueryCompiler } from 'kysely';
import { systemClock } from '../src/clock.ts';
import type { Db } from '../src/db/transaction.ts';
import { buildServer } from '../src/http/server.ts';

export async function openApiDocument(): Promise<Record<string, unknown>> {
  const noDatabase = new Kysely({
    dialect: {
      createAdapter: () => new PostgresAdapter(),
      createDriver: () => new DummyDriver(),
      createIntrospector: (db) => new PostgresIntrospector(db),
      createQueryCompiler: () => new PostgresQueryCompiler(),
    },
  }) as unknown as Db;
  const app = await buildServer({ db: noDatabase, clock: systemClock });
  await app.ready();
  const document = JSON.parse(JSON.stringify(app.swagger())) as Record<string, unknown>;
  await app.close();
  return document;
}
