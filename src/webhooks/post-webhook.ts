import http from 'node:http';
import https from 'node:https';
import type { LookupFunction } from 'node:net';
import { checkTarget, type ResolvedTarget } from './address-guard.ts';

export const TIMEOUT_MS = 15_000;
/** How much of an answer is kept with the attempt. */
export const RESPONSE_KEPT_BYTES = 1024;

export interface PostResult {
  /** null when no answer came: refused address, connection error, timeout. */
  statusCode: number | null;
  durationMs: number;
  /** The first 1 KB of the answer's body. */
  response: string | null;
  error: string | null;
  retryAfter: string | undefined;
}

const agents = {
  'http:': new http.Agent({ keepAlive: true, maxSockets: 64 }),
  'https:': new https.Agent({ keepAlive: true, maxSockets: 64 }),
};

/** Connects to the checked address whatever the name resolves to by now (no DNS rebinding). */
function pinnedLookup(target: ResolvedTarget): LookupFunction {
  return (_hostname, options, callback) => {
    if ((options as { all?: boolean }).all)
      (callback as (e: null, a: { address: string; family: number }[]) => void)(null, [target]);
    else callback(null, target.address, target.family);
  };
}

/**
 * POSTs one webhook: the host is resolved and checked first, the connection goes to that address,
 * redirects are not followed (a 3xx is a failed attempt), and the whole exchange has 15 seconds.
 */
export async function postWebhook(
  url: string,
  body: string,
  headers: Record<string, string>,
  options: { allowPrivate: boolean },
): Promise<PostResult> {
  // Durations are real time, whatever the injected clock says.
  const started = performance.now();
  const elapsed = () => Math.round(performance.now() - started);
  const parsed = new URL(url);
  const check = await checkTarget(parsed, options.allowPrivate);
  if (!check.ok)
    return {
      statusCode: null,
      durationMs: elapsed(),
      response: null,
      error: check.reason,
      retryAfter: undefined,
    };
  const protocol = parsed.protocol as 'http:' | 'https:';
  const client = protocol === 'https:' ? https : http;
  return new Promise<PostResult>((resolve) => {
    let settled = false;
    const finish = (result: Omit<PostResult, 'durationMs'>) => {
      if (settled) return;
      settled = true;
      clearTimeout(timer);
      resolve({ ...result, durationMs: elapsed() });
    };
    const request = client.request(
      parsed,
      {
        method: 'POST',
        agent: agents[protocol],
        lookup: pinnedLookup(check.target),
        headers: {
          ...headers,
          'content-type': 'application/json',
          'content-length': String(Buffer.byteLength(body)),
          'user-agent': 'kassa-webhooks/1',
        },
      },
      (response) => {
        const kept: Buffer[] = [];
        let size = 0;
        response.on('data', (chunk: Buffer) => {
          if (size < RESPONSE_KEPT_BYTES) kept.push(chunk.subarray(0, RESPONSE_KEPT_BYTES - size));
          size += chunk.length;
        });
        response.on('end', () =>
          finish({
            statusCode: response.statusCode ?? null,
            response: Buffer.concat(kept).toString('utf8'),
            error: null,
            retryAfter: response.headers['retry-after'],
          }),
        );
        response.on('error', (error) =>
          finish({
            statusCode: response.statusCode ?? null,
            response: null,
            error: error.message,
            retryAfter: undefined,
          }),
        );
      },
    );
    const timer = setTimeout(() => {
      request.destroy(new Error(`no answer within ${TIMEOUT_MS / 1000} s`));
    }, TIMEOUT_MS);
    request.on('error', (error) =>
      finish({ statusCode: null, response: null, error: error.message, retryAfter: undefined }),
    );
    request.end(body);
  });
}
