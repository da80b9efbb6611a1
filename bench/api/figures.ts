import type { Request } from 'autocannon';
import type { DatabaseName } from './databases.ts';
import { accountBody, kassaHeaders } from './kassa.ts';

/** The targets, for PostgreSQL on a 2-core machine. */
export interface Target {
  database: DatabaseName;
  minRequestsPerSecond: number;
  maxP99Ms?: number;
}

/** One figure: the same load against kassa and against the baseline server. */
export interface FigureSpec {
  name: string;
  connections: number;
  ours: Request[];
  baseline: Request[];
  target?: Target;
}

const JSON_BODY = { 'content-type': 'application/json' };

function withBody(extraHeaders: () => Record<string, string> = () => ({})): Request['setupRequest'] {
  return (request) => {
    request.body = accountBody();
    request.headers = { ...request.headers, ...extraHeaders() };
    return request;
  };
}

let keys = 0;
const idempotencyKey = () => ({ 'idempotency-key': `bench-${process.pid}-${Date.now()}-${++keys}` });

export function apiFigures(token: string, accountId: string): FigureSpec[] {
  const headers = kassaHeaders(token);
  return [
    {
      name: 'GET account',
      connections: 50,
      ours: [{ method: 'GET', path: `/api/v1/accounts/${accountId}/`, headers }],
      baseline: [{ method: 'GET', path: `/select-one/${accountId}`, headers }],
      target: { database: 'postgres', minRequestsPerSecond: 3000, maxP99Ms: 20 },
    },
    {
      name: 'POST account',
      connections: 20,
      ours: [
        {
          method: 'POST',
          path: '/api/v1/accounts/',
          headers: { ...headers, ...JSON_BODY },
          setupRequest: withBody(),
        },
      ],
      baseline: [
        {
          method: 'POST',
          path: '/select-one',
          headers: { ...headers, ...JSON_BODY },
          setupRequest: withBody(),
        },
      ],
      target: { database: 'postgres', minRequestsPerSecond: 1000 },
    },
    {
      name: 'POST account + Idempotency-Key',
      connections: 20,
      ours: [
        {
          method: 'POST',
          path: '/api/v1/accounts/',
          headers: { ...headers, ...JSON_BODY },
          setupRequest: withBody(idempotencyKey),
        },
      ],
      baseline: [
        {
          method: 'POST',
          path: '/select-one',
          headers: { ...headers, ...JSON_BODY },
          setupRequest: withBody(idempotencyKey),
        },
      ],
    },
  ];
}
