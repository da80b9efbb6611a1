import { runNode, type ServerProcess, startServer } from './children.ts';

const CLI = 'src/cli.ts';
export const BENCH_ORG = 'bench';

/**
 * Creates the bench organization and a `full` token with kassa's command line and answers the token.
 * On the embedded database this must happen before the server starts: the server locks the folder.
 */
export async function provisionToken(env: NodeJS.ProcessEnv): Promise<string> {
  await runNode(
    [CLI, 'org', 'create', BENCH_ORG, '--name', 'Bench ApS', '--country', 'DK', '--currency', 'DKK'],
    env,
  );
  const out = await runNode([CLI, 'token', 'create', '--org', BENCH_ORG, '--scope', 'full'], env);
  const token = out.trim().split('\n').at(-1)?.trim();
  if (!token?.startsWith('ks_')) throw new Error(`token create printed no token:\n${out}`);
  return token;
}

/** `kassa serve` as a child process on a free loopback port. */
export function startKassa(env: NodeJS.ProcessEnv): Promise<ServerProcess> {
  // The per-token rate limit would throttle the one token the load uses: off for the measurement.
  return startServer([CLI, 'serve', '--port', '0', '--host', '127.0.0.1'], { ...env, KASSA_RATE_LIMIT: '0' });
}

/** Headers every bench request to kassa carries. */
export function kassaHeaders(token: string): Record<string, string> {
  return {
    authorization: `Token ${token}`,
    'x-client-system': 'kassa-bench',
    'x-user': 'bench@example.com',
  };
}

let created = 0;
const runTag = Date.now().toString(36);

/** A valid new account with a code no other request of this run uses. */
export function accountBody(): string {
  created += 1;
  return JSON.stringify({
    code: `B${runTag}-${created}`,
    name: 'Acme Corporation',
    email: 'billing@acme.example',
    type: 'company',
    legal_address: '123 Main Street',
    legal_zipcode: '12345',
    legal_city: 'Copenhagen',
    legal_country: 'DK',
  });
}

/** Creates one account through the API (the one the GET figure reads) and answers its uuid. */
export async function createAccount(url: string, token: string): Promise<string> {
  const response = await fetch(`${url}/api/v1/accounts/`, {
    method: 'POST',
    headers: { ...kassaHeaders(token), 'content-type': 'application/json' },
    body: accountBody(),
  });
  const body = (await response.json()) as { uuid?: string };
  if (response.status !== 201 || !body.uuid)
    throw new Error(`creating the bench account answered ${response.status}: ${JSON.stringify(body)}`);
  return body.uuid;
}
