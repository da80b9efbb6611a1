/**
 * The baseline the API figures are compared with: a minimal Fastify server, run as a child process like
 * kassa's, on the same database, that answers a constant JSON (`/constant`) or does one `select 1` per
 * request (`/select-one`). Prints `serving on http://127.0.0.1:<port>` once listening.
 */
import { mkdirSync } from 'node:fs';
import { PGlite } from '@electric-sql/pglite';
import Fastify from 'fastify';
import pg from 'pg';

async function openSelectOne(): Promise<{ selectOne: () => Promise<unknown>; close: () => Promise<void> }> {
  const url = process.env.DATABASE_URL;
  if (url) {
    // The same pool size as kassa's (src/db/database.ts).
    const pool = new pg.Pool({ connectionString: url, max: 10 });
    return { selectOne: () => pool.query('select 1'), close: () => pool.end() };
  }
  const dataDir = process.env.KASSA_DATA_DIR;
  if (!dataDir) throw new Error('set DATABASE_URL or KASSA_DATA_DIR');
  mkdirSync(dataDir, { recursive: true });
  const pglite = await PGlite.create(dataDir);
  return { selectOne: () => pglite.query('select 1'), close: () => pglite.close() };
}

const database = await openSelectOne();
const app = Fastify({ logger: { level: process.env.LOG_LEVEL ?? 'warn' } });

app.get('/constant', async () => ({ status: 'ok' }));
app.get<{ Params: { id: string } }>('/select-one/:id', async (request) => {
  await database.selectOne();
  return { id: request.params.id };
});
app.post('/select-one', async (request, reply) => {
  await database.selectOne();
  return reply.code(201).send({ received: typeof request.body });
});

const stop = async () => {
  await app.close();
  await database.close();
  process.exit(0);
};
process.on('SIGTERM', () => void stop());
process.on('SIGINT', () => void stop());

await app.listen({ port: 0, host: '127.0.0.1' });
const address = app.server.address();
const port = typeof address === 'object' && address ? address.port : 0;
process.stdout.write(`baseline serving on http://127.0.0.1:${port}\n`);
