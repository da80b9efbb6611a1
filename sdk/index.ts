/**
 * kassa's typed API client: openapi-fetch over the types openapi-typescript makes of our OpenAPI
 * document (sdk/openapi.d.ts, written by `npm run web:api` with the web app's, checked by the tests).
 * Paths, parameters, bodies, answers and the standard headers (Idempotency-Key, X-Client-System,
 * X-User, X-Request-Id) are all typed; a problem answer arrives as `error`, typed `Problem`.
 */
import createClient, { type Client, type ClientOptions } from 'openapi-fetch';
import type { components, paths } from './openapi.d.ts';

export type { components, paths };
export type Schemas = components['schemas'];
export type Problem = Schemas['Problem'];

export interface KassaClientOptions extends Omit<ClientOptions, 'baseUrl'> {
  /** Where kassa serves, e.g. `https://billing.example.com` (no /api/v1: the paths have it). */
  baseUrl: string;
  /** An API token (`ks_…`), sent as `Authorization: Bearer <token>`. */
  token: string;
  /** Recorded in the audit log as the calling system and person. */
  clientSystem?: string;
  user?: string;
}

export type KassaClient = Client<paths>;

export function createKassaClient(options: KassaClientOptions): KassaClient {
  const { token, clientSystem, user, ...rest } = options;
  const client = createClient<paths>(rest);
  client.use({
    onRequest({ request }) {
      request.headers.set('Authorization', `Bearer ${token}`);
      if (clientSystem) request.headers.set('X-Client-System', clientSystem);
      if (user) request.headers.set('X-User', user);
      return request;
    },
  });
  return client;
}
