import { Agent, createServer, request as httpRequest } from 'node:http';
import { Webhook } from 'standardwebhooks';

/**
 * The receiver both figures hit: a Node HTTP server that verifies every signature with
 * `standardwebhooks` and notes when each event arrived (by `webhook-id` and by `data.uuid`).
 */
export async function startBenchReceiver() {
  const verifiers: Webhook[] = [];
  const arrivals = new Map<string, number>();
  const byObject = new Map<string, number>();
  let received = 0;
  let refused = 0;
  const server = createServer((req, res) => {
    const chunks: Buffer[] = [];
    req.on('data', (c: Buffer) => chunks.push(c));
    req.on('end', () => {
      const raw = Buffer.concat(chunks).toString('utf8');
      const headers = {
        'webhook-id': String(req.headers['webhook-id']),
        'webhook-timestamp': String(req.headers['webhook-timestamp']),
        'webhook-signature': String(req.headers['webhook-signature']),
      };
      const ok =
        verifiers.length === 0 ||
        verifiers.some((v) => {
          try {
            v.verify(raw, headers);
            return true;
          } catch {
            return false;
          }
        });
      if (!ok) {
        refused++;
        res.writeHead(400).end();
        return;
      }
      const now = performance.now();
      received++;
      if (!arrivals.has(headers['webhook-id'])) arrivals.set(headers['webhook-id'], now);
      const uuid = (JSON.parse(raw) as { data?: { uuid?: string } }).data?.uuid;
      if (uuid && !byObject.has(uuid)) byObject.set(uuid, now);
      res.writeHead(200, { 'content-type': 'text/plain' }).end('ok');
    });
  });
  server.keepAliveTimeout = 30_000;
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const address = server.address();
  const port = typeof address === 'object' && address ? address.port : 0;
  return {
    url: `http://127.0.0.1:${port}/hooks`,
    port,
    trust(secret: string) {
      verifiers.push(new Webhook(secret));
    },
    arrivals,
    byObject,
    get received() {
      return received;
    },
    get refused() {
      return refused;
    },
    reset() {
      arrivals.clear();
      byObject.clear();
      received = 0;
      refused = 0;
    },
    close: () =>
      new Promise<void>((resolve) => {
        server.closeAllConnections();
        server.close(() => resolve());
      }),
  };
}

/** One client POSTing to the receiver directly, one request after the other (keep-alive). */
export async function directClient(
  url: string,
  body: string,
  headers: Record<string, string>,
  count: number,
) {
  const agent = new Agent({ keepAlive: true, maxSockets: 1 });
  const latencies: number[] = [];
  const started = performance.now();
  for (let i = 0; i < count; i++) {
    const t0 = performance.now();
    await new Promise<void>((resolve, reject) => {
      const req = httpRequest(
        url,
        { method: 'POST', agent, headers: { ...headers, 'content-type': 'application/json' } },
        (res) => {
          res.resume();
          res.on('end', () => resolve());
        },
      );
      req.on('error', reject);
      req.end(body);
    });
    latencies.push(performance.now() - t0);
  }
  agent.destroy();
  return { perSecond: count / ((performance.now() - started) / 1000), latencies };
}
