import { vi } from 'vitest';

/**
 * The network, answered as the API answers (the server's own behaviour is tested in test/http): every
 * request the component makes gets `status` and `body`; answers the requests, to read what was sent.
 */
export function answer(status: number, body: unknown): Request[] {
  const requests: Request[] = [];
  vi.stubGlobal('fetch', async (request: Request) => {
    requests.push(request.clone());
    return new Response(JSON.stringify(body), {
      status,
      headers: { 'Content-Type': status < 300 ? 'application/json' : 'application/problem+json' },
    });
  });
  return requests;
}
