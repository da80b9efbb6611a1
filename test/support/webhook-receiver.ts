import { createServer, type IncomingHttpHeaders } from 'node:http';
import { Webhook } from 'standardwebhooks';

export interface Received {
  id: string;
  headers: IncomingHttpHeaders;
  raw: string;
  body: {
    type: string;
    timestamp: string;
    data: Record<string, unknown>;
    version: number;
    api_version: string;
  };
  /** Which of the receiver's secrets verified the signature header. */
  verifiedWith: string[];
}

/**
 * A real HTTP receiver on a free port. Every request's signature is verified with `standardwebhooks`
 * against each secret it knows; a request no secret verifies answers 400 and is kept in `refused`.
 * `answer` decides the status of the next requests (503 while "down").
 */
export async function startReceiver() {
  const received: Received[] = [];
  const refused: string[] = [];
  const secrets: string[] = [];
  let answer: { status: number; headers?: Record<string, string> } = { status: 200 };
  const server = createServer((request, response) => {
    const chunks: Buffer[] = [];
    request.on('data', (c: Buffer) => chunks.push(c));
    request.on('end', () => {
      const raw = Buffer.concat(chunks).toString('utf8');
      const headers = {
        'webhook-id': String(request.headers['webhook-id']),
        'webhook-timestamp': String(request.headers['webhook-timestamp']),
        'webhook-signature': String(request.headers['webhook-signature']),
      };
      const verifiedWith = secrets.filter((secret) => {
        try {
          new Webhook(secret).verify(raw, headers);
          return true;
        } catch {
          return false;
        }
      });
      if (verifiedWith.length === 0) {
        refused.push(raw);
        response.writeHead(400).end('bad signature');
        return;
      }
      if (answer.status >= 200 && answer.status < 300)
        received.push({
          id: headers['webhook-id'],
          headers: request.headers,
          raw,
          body: JSON.parse(raw),
          verifiedWith,
        });
      response
        .writeHead(answer.status, answer.headers ?? {})
        .end(answer.status < 300 ? 'ok' : 'down for now');
    });
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const address = server.address();
  const port = typeof address === 'object' && address ? address.port : 0;
  return {
    url: `http://127.0.0.1:${port}/hooks`,
    received,
    refused,
    secrets,
    setAnswer(status: number, headers?: Record<string, string>) {
      answer = headers ? { status, headers } : { status };
    },
    ofType: (type: string) => received.filter((r) => r.body.type === type),
    close: () =>
      new Promise<void>((resolve) => {
        server.closeAllConnections();
        server.close(() => resolve());
      }),
  };
}
