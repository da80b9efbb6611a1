/**
 * Writes the OpenAPI document the server serves at /api/openapi.json to a file (default
 * tmp/openapi.json), without a database or a network: `npm run lint` lints it with Redocly, and the
 * SDK types are generated from it.
 */
import { mkdir, writeFile } from 'node:fs/promises';
import { dirname, resolve } from 'node:path';
import { DummyDriver, Kysely, PostgresAdapter, PostgresIntrospector, PostgresQueryCompiler } from 'kysely';
import { systemClock } from '../src/clock.ts';
import type { Db } from '../src/db/transaction.ts';
import { buildServer } from '../src/http/server.ts';

const target = resolve(process.argv[2] ?? 'tmp/openapi.json');
// The document is built from the routes' schemas alone: no request runs, so no database is opened
// (Kysely's DummyDriver answers nothing).
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
await mkdir(dirname(target), { recursive: true });
await writeFile(target, `${JSON.stringify(app.swagger(), null, 2)}\n`);
await app.close();
