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

export interface FakeSetupIntent {
  id: string;
  object: 'setup_intent';
  client_secret: string;
  customer: string | null;
  usage: string;
  status: string;
  payment_method: string | null;
  last_setup_error: unknown;
  metadata: Record<string, string>;
  livemode: false;
}

export interface FakeStripe {
  baseUrl: string;
  apiKey: string;
  /** The publishable key the fake Stripe.js must be started with to confirm a SetupIntent. */
  publishableKey: string;
  /** The fake Stripe.js (Stripe(), elements(), create('payment'), confirmSetup()), served by this stand-in. */
  scriptUrl: string;
  setupIntents: Map<string, FakeSetupIntent>;
  customers: string[];
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
  const publishableKey = 'pk_test_kassa_fake';
  const setupIntents = new Map<string, FakeSetupIntent>();
  const customers: string[] = [];
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

    // What the browser asks for: Stripe.js itself, and confirming a SetupIntent with the publishable key.
    if (req.method === 'GET' && path === '/v3/') {
      res.writeHead(200, { 'Content-Type': 'text/javascript; charset=utf-8' });
      res.end(FAKE_STRIPE_JS);
      return;
    }
    const confirm = /^\/v1\/setup_intents\/(seti_[A-Za-z0-9]+)\/confirm$/.exec(path);
    if (req.method === 'POST' && confirm) {
      const intent = setupIntents.get(confirm[1] as string);
      const cors = { 'Access-Control-Allow-Origin': '*' };
      if (params.key !== publishableKey)
        return send(
          res,
          401,
          { error: { type: 'invalid_request_error', message: 'Invalid API Key provided' } },
          cors,
        );
      if (!intent || params.client_secret !== intent.client_secret)
        return send(
          res,
          404,
          {
            error: {
              type: 'invalid_request_error',
              code: 'resource_missing',
              message: 'No such setupintent',
            },
          },
          cors,
        );
      const number = (params['payment_method_data[card][number]'] ?? '').replace(/\s+/g, '');
      if (number === '4000000000000002') {
        const error = {
          type: 'card_error',
          code: 'card_declined',
          decline_code: 'generic_decline',
          message: 'Your card was declined.',
        };
        intent.status = 'requires_payment_method';
        intent.last_setup_error = error;
        return send(res, 402, { error: { ...error, setup_intent: intent } }, cors);
      }
      if (!/^\d{12,19}$/.test(number))
        return send(
          res,
          400,
          {
            error: {
              type: 'validation_error',
              code: 'incomplete_number',
              message: 'Your card number is incomplete.',
            },
          },
          cors,
        );
      intent.status = 'succeeded';
      intent.payment_method = nextId('pm');
      intent.last_setup_error = null;
      return send(res, 200, intent, cors);
    }

    if (header(req, 'authorization') !== `Bearer ${apiKey}`) {
      return send(res, 401, {
        error: { type: 'invalid_request_error', message: `Invalid API Key provided: ${masked(req)}` },
      });
    }
    if (req.method === 'POST' && path === '/v1/customers') {
      const id = nextId('cus');
      customers.push(id);
      return send(res, 200, {
        id,
        object: 'customer',
        name: params.name ?? null,
        email: params.email ?? null,
        metadata: metadataOf(params),
      });
    }
    if (req.method === 'POST' && path === '/v1/setup_intents') {
      const stored = idempotencyKey ? byKey.get(idempotencyKey) : undefined;
      if (stored) return send(res, stored.status, stored.payload, { 'Idempotent-Replayed': 'true' });
      const id = nextId('seti');
      const intent: FakeSetupIntent = {
        id,
        object: 'setup_intent',
        client_secret: `${id}_secret_fake`,
        customer: params.customer ?? null,
        usage: params.usage ?? 'off_session',
        status: 'requires_payment_method',
        payment_method: null,
        last_setup_error: null,
        metadata: metadataOf(params),
        livemode: false,
      };
      setupIntents.set(id, intent);
      if (idempotencyKey) byKey.set(idempotencyKey, { body, status: 200, payload: intent });
      return send(res, 200, intent);
    }
    const retrieve = /^\/v1\/setup_intents\/([A-Za-z0-9_]+)$/.exec(path);
    if (req.method === 'GET' && retrieve) {
      const intent = setupIntents.get(retrieve[1] as string);
      if (!intent)
        return send(res, 404, {
          error: {
            type: 'invalid_request_error',
            code: 'resource_missing',
            message: `No such setupintent: '${retrieve[1]}'`,
          },
        });
      return send(res, 200, intent);
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
    publishableKey,
    scriptUrl: `http://127.0.0.1:${port}/v3/`,
    setupIntents,
    customers,
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

/**
 * A stand-in for Stripe.js, the little the portal uses: Stripe(key).elements({clientSecret}) and its
 * Payment Element (here plain labelled fields mounted in the page, where Stripe mounts its own frame),
 * and confirmSetup({elements, redirect: 'if_required'}), which posts the card to this stand-in's
 * /v1/setup_intents/{id}/confirm with the publishable key and the client secret, as Stripe.js does.
 * The card 4000 0000 0000 0002 is declined, like Stripe's test card.
 */
const FAKE_STRIPE_JS = `(() => {
  const origin = new URL(document.currentScript.src).origin;
  const labels = {
    en: ['Card number', 'Expiry date', 'Security code'],
    da: ['Kortnummer', 'Udløbsdato', 'Sikkerhedskode'],
    sv: ['Kortnummer', 'Utgångsdatum', 'Säkerhetskod'],
    de: ['Kartennummer', 'Ablaufdatum', 'Sicherheitscode'],
  };
  window.Stripe = (key) => ({
    elements(options) {
      const fields = {};
      return {
        options,
        fields,
        create(type) {
          const box = document.createElement('div');
          box.className = 'fake-stripe-payment-element';
          const names = labels[options.locale] || labels.en;
          ['number', 'expiry', 'cvc'].forEach((name, i) => {
            const label = document.createElement('label');
            label.style.display = 'block';
            label.style.marginBottom = '8px';
            label.textContent = names[i];
            const input = document.createElement('input');
            input.name = name;
            input.autocomplete = 'off';
            input.style.display = 'block';
            input.style.width = '100%';
            input.style.padding = '8px';
            input.style.border = '1px solid #ced4da';
            input.style.borderRadius = '6px';
            label.append(input);
            box.append(label);
            fields[name] = input;
          });
          return { mount(target) { target.append(box); }, destroy() { box.remove(); } };
        },
      };
    },
    async confirmSetup({ elements }) {
      const secret = elements.options.clientSecret;
      const id = secret.split('_secret_')[0];
      const body = new URLSearchParams({
        key,
        client_secret: secret,
        'payment_method_data[type]': 'card',
        'payment_method_data[card][number]': elements.fields.number.value,
        'payment_method_data[card][exp]': elements.fields.expiry.value,
        'payment_method_data[card][cvc]': elements.fields.cvc.value,
      });
      const response = await fetch(origin + '/v1/setup_intents/' + id + '/confirm', { method: 'POST', body });
      const answer = await response.json();
      return response.ok ? { setupIntent: answer } : { error: answer.error };
    },
  });
})();
`;
