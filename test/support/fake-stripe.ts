import { createServer, type IncomingMessage, type ServerResponse } from 'node:http';
import type { AddressInfo } from 'node:net';

/**
 * A local stand-in for POST /v1/payment_intents that answers as Stripe does for off-session,
 * confirm=true intents. The payment method decides the outcome, like Stripe's test cards:
 * pm_card_chargeDeclined → 402 card_declined, pm_card_authenticationRequired → 402
 * authentication_required, pm_card_timeout → the first request for an idempotency key is carried
 * out but answered only after `slowMs` (longer than the client waits), any other pm_… succeeds.
 * Like Stripe, a repeated Idempotency-Key replays the stored answer instead of charging again.
 */
export interface StripeCharge {
  token: string;
  amount: number;
  currency: string;
  idempotencyKey: string | null;
}

export interface StripeRequest {
  method: string;
  path: string;
  idempotencyKey: string | null;
  params: Record<string, string>;
  replayed: boolean;
}

export interface FakeStripe {
  baseUrl: string;
  apiKey: string;
  /** Money actually taken: one entry per succeeded payment intent, never one per request. */
  charges: StripeCharge[];
  requests: StripeRequest[];
  close(): Promise<void>;
}

interface Stored {
  body: string;
  status: number;
  payload: unknown;
}

export async function start(options: { apiKey?: string; slowMs?: number } = {}): Promise<FakeStripe> {
  const apiKey = options.apiKey ?? 'sk_test_kassa_fake';
  const slowMs = options.slowMs ?? 2_000;
  const charges: StripeCharge[] = [];
  const requests: StripeRequest[] = [];
  const byKey = new Map<string, Stored>();
  const timers = new Set<NodeJS.Timeout>();
  let sequence = 0;

  const nextId = (prefix: string) => `${prefix}_fake${String(++sequence).padStart(6, '0')}`;

  const server = createServer(async (req, res) => {
    const body = await readBody(req);
    const path = req.url ?? '/';
    const idempotencyKey = header(req, 'idempotency-key');
    const params = Object.fromEntries(new URLSearchParams(body));
    const record: StripeRequest = { method: req.method ?? '', path, idempotencyKey, params, replayed: false };
    requests.push(record);

    if (header(req, 'authorization') !== `Bearer ${apiKey}`) {
      return send(res, 401, {
        error: { type: 'invalid_request_error', message: `Invalid API Key provided: ${masked(req)}` },
      });
    }
    if (req.method !== 'POST' || path !== '/v1/payment_intents') {
      return send(res, 404, {
        error: {
          type: 'invalid_request_error',
          message: `Unrecognized request URL (${req.method}: ${path}).`,
        },
      });
    }
    const stored = idempotencyKey ? byKey.get(idempotencyKey) : undefined;
    if (stored) {
      record.replayed = true;
      if (stored.body !== body) {
        return send(res, 400, {
          error: {
            type: 'idempotency_error',
            message: `Keys for idempotent requests can only be used with the same parameters they were first used with. Try using a key other than '${idempotencyKey}' if you meant to execute a different request.`,
          },
        });
      }
      return send(res, stored.status, stored.payload, { 'Idempotent-Replayed': 'true' });
    }
    for (const name of ['amount', 'currency', 'payment_method']) {
      if (!params[name]) {
        return send(res, 400, {
          error: {
            type: 'invalid_request_error',
            code: 'parameter_missing',
            param: name,
            message: `Missing required param: ${name}.`,
          },
        });
      }
    }

    const token = params.payment_method ?? '';
    const amount = Number(params.amount);
    const currency = params.currency ?? '';
    const intent = {
      id: nextId('pi'),
      object: 'payment_intent',
      amount,
      currency,
      customer: params.customer ?? null,
      description: params.description ?? null,
      metadata: metadataOf(params),
      payment_method: token,
      confirmation_method: 'automatic',
      capture_method: 'automatic',
      latest_charge: null as string | null,
      last_payment_error: null as unknown,
      status: 'succeeded',
      livemode: false,
    };
    let status = 200;
    let payload: unknown = intent;
    if (token === 'pm_card_chargeDeclined' || token === 'pm_card_authenticationRequired') {
      const declined = token === 'pm_card_chargeDeclined';
      const error = {
        type: 'card_error',
        code: declined ? 'card_declined' : 'authentication_required',
        decline_code: declined ? 'generic_decline' : 'authentication_required',
        message: declined
          ? 'Your card was declined.'
          : 'Your card was declined. This transaction requires authentication.',
        charge: nextId('ch'),
        doc_url: `https://stripe.com/docs/error-codes/${declined ? 'card-declined' : 'authentication-required'}`,
      };
      intent.status = 'requires_payment_method';
      intent.latest_charge = error.charge;
      intent.last_payment_error = error;
      status = 402;
      payload = { error: { ...error, payment_intent: intent } };
    } else if (!token.startsWith('pm_')) {
      status = 400;
      payload = {
        error: {
          type: 'invalid_request_error',
          code: 'resource_missing',
          param: 'payment_method',
          message: `No such PaymentMethod: '${token}'`,
        },
      };
    } else {
      intent.latest_charge = nextId('ch');
      charges.push({ token, amount, currency, idempotencyKey });
    }
    // Stripe keeps the result of any request that started executing, declines included, but not
    // of one that failed validation.
    if (idempotencyKey && status !== 400) byKey.set(idempotencyKey, { body, status, payload });
    if (token === 'pm_card_timeout') {
      const timer = setTimeout(() => {
        timers.delete(timer);
        send(res, status, payload);
      }, slowMs);
      timers.add(timer);
      res.on('close', () => {
        clearTimeout(timer);
        timers.delete(timer);
      });
      return;
    }
    send(res, status, payload);
  });

  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const { port } = server.address() as AddressInfo;
  return {
    baseUrl: `http://127.0.0.1:${port}`,
    apiKey,
    charges,
    requests,
    close: () =>
      new Promise<void>((resolve, reject) => {
        for (const timer of timers) clearTimeout(timer);
        server.close((error) => (error ? reject(error) : resolve()));
        server.closeAllConnections();
      }),
  };
}

function metadataOf(params: Record<string, string>): Record<string, string> {
  const metadata: Record<string, string> = {};
  for (const [name, value] of Object.entries(params)) {
    const match = /^metadata\[(.+)\]$/.exec(name);
    if (match?.[1]) metadata[match[1]] = value;
  }
  return metadata;
}

function header(req: IncomingMessage, name: string): string | null {
  const value = req.headers[name];
  return typeof value === 'string' ? value : null;
}

function masked(req: IncomingMessage): string {
  const key = (header(req, 'authorization') ?? '').replace(/^Bearer /, '');
  return key.length > 8 ? `${key.slice(0, 8)}****${key.slice(-4)}` : '****';
}

async function readBody(req: IncomingMessage): Promise<string> {
  const chunks: Buffer[] = [];
  for await (const chunk of req) chunks.push(chunk as Buffer);
  return Buffer.concat(chunks).toString('utf8');
}

function send(
  res: ServerResponse,
  status: number,
  payload: unknown,
  headers: Record<string, string> = {},
): void {
  if (res.destroyed) return;
  res.writeHead(status, {
    'Content-Type': 'application/json',
    'Request-Id': `req_fake${Date.now()}`,
    ...headers,
  });
  res.end(JSON.stringify(payload));
}
