import { createServer, type IncomingMessage, type ServerResponse } from 'node:http';
import type { AddressInfo } from 'node:net';
import type { QuickPayOperation, QuickPayPayment } from '../../src/payments/gateways/quickpay-gateway.ts';

/**
 * A local stand-in for QuickPay API v10: POST /payments, GET /payments?order_id=…, GET
 * /payments/{id} and POST /payments/{id}/authorize. It insists on `Accept-Version: v10`, Basic auth
 * of ":" + the API key, and a unique order_id. The card token decides the authorize outcome:
 * qp_declined → 40000, qp_3ds → 30100, qp_timeout → approved, but answered only after `slowMs`
 * (longer than the client waits), anything else (qp_ok) → approved and auto-captured.
 * The error bodies follow QuickPay's { message, errors, error_code } shape; the exact wording of
 * messages QuickPay's docs do not show (401, wrong state) is this fake's own.
 */
export interface QuickPayCharge {
  token: string;
  amount: number;
  currency: string;
  /** QuickPay has no idempotency keys; the unique order_id plays that part. */
  idempotencyKey: string | null;
  orderId: string;
}

export interface QuickPayRequest {
  method: string;
  path: string;
  body: unknown;
}

/** A saved card (POST /cards), authorized by the customer in the fake payment window. */
export interface FakeQuickPayCard {
  id: number;
  accepted: boolean;
  state: string;
  variables: Record<string, unknown>;
  link: { continue_url?: string; cancel_url?: string; language?: string } | null;
  tokens: string[];
}

export interface FakeQuickPay {
  baseUrl: string;
  apiKey: string;
  cards: FakeQuickPayCard[];
  /** Money actually taken: one entry per approved authorization. */
  charges: QuickPayCharge[];
  requests: QuickPayRequest[];
  payments: QuickPayPayment[];
  close(): Promise<void>;
}

export async function start(options: { apiKey?: string; slowMs?: number } = {}): Promise<FakeQuickPay> {
  const apiKey = options.apiKey ?? 'qp-fake-api-key';
  const slowMs = options.slowMs ?? 2_000;
  const charges: QuickPayCharge[] = [];
  const requests: QuickPayRequest[] = [];
  const payments: QuickPayPayment[] = [];
  const cards: FakeQuickPayCard[] = [];
  const timers = new Set<NodeJS.Timeout>();
  let operationIds = 0;
  const expectedAuth = `Basic ${Buffer.from(`:${apiKey}`).toString('base64')}`;

  const server = createServer(async (req, res) => {
    const text = await readBody(req);
    const url = new URL(req.url ?? '/', 'http://fake');
    const body = text ? parseJson(text) : null;
    requests.push({ method: req.method ?? '', path: `${url.pathname}${url.search}`, body });

    // The payment window a card link opens: a page of its own, as QuickPay's is, with no API key.
    const window = /^\/window\/cards\/(\d+)$/.exec(url.pathname);
    if (window) {
      const card = cards.find((candidate) => candidate.id === Number(window[1]));
      if (!card?.link) return sendHtml(res, 404, '<h1>Unknown card link</h1>');
      if (req.method === 'GET') return sendHtml(res, 200, windowPage(card));
      const number = new URLSearchParams(text).get('cardnumber')?.replace(/\s+/g, '') ?? '';
      if (number === '4000000000000002' || !/^\d{12,19}$/.test(number))
        return sendHtml(res, 200, windowPage(card, 'The card was declined.'));
      card.accepted = true;
      card.state = 'active';
      res.writeHead(303, { Location: card.link.continue_url ?? '/' });
      return res.end();
    }

    if (req.headers['accept-version'] !== 'v10')
      return send(res, 400, { message: 'Accept-Version header must be v10', errors: {}, error_code: null });
    if (req.headers.authorization !== expectedAuth) return send(res, 401, { message: 'Not authorized' });

    const input = (body ?? {}) as Record<string, unknown>;
    if (req.method === 'POST' && url.pathname === '/cards') {
      const card: FakeQuickPayCard = {
        id: 9_000_000 + cards.length + 1,
        accepted: false,
        state: 'initial',
        variables: (input.variables as Record<string, unknown>) ?? {},
        link: null,
        tokens: [],
      };
      cards.push(card);
      return send(res, 201, cardView(card));
    }
    const cardPath = /^\/cards\/(\d+)(\/link|\/tokens)?$/.exec(url.pathname);
    if (cardPath) {
      const card = cards.find((candidate) => candidate.id === Number(cardPath[1]));
      if (!card) return send(res, 404, { message: `Not found: ${url.pathname}` });
      if (req.method === 'GET' && !cardPath[2]) return send(res, 200, cardView(card));
      if (req.method === 'PUT' && cardPath[2] === '/link') {
        card.link = input as FakeQuickPayCard['link'];
        return send(res, 200, { url: `http://127.0.0.1:${port()}/window/cards/${card.id}` });
      }
      if (req.method === 'POST' && cardPath[2] === '/tokens') {
        if (!card.accepted)
          return send(res, 400, { message: 'Card is not authorized', errors: {}, error_code: null });
        const token = `qptok${card.id}x${card.tokens.length + 1}`;
        card.tokens.push(token);
        return send(res, 201, {
          token,
          brand: 'visa',
          last4: '4242',
          exp_month: 12,
          exp_year: 2030,
          is_used: false,
        });
      }
      return send(res, 404, { message: `Not found: ${url.pathname}` });
    }
    if (req.method === 'POST' && url.pathname === '/payments') {
      const orderId = input.order_id;
      const currency = input.currency;
      const errors: Record<string, string[]> = {};
      if (typeof orderId !== 'string' || orderId.length < 4 || orderId.length > 20)
        errors.order_id = ['must be 4-20 characters'];
      else if (payments.some((payment) => payment.order_id === orderId))
        errors.order_id = ['already exists on another payment'];
      if (typeof currency !== 'string' || !/^[A-Z]{3}$/.test(currency))
        errors.currency = ['must be three uppercase letters'];
      if (Object.keys(errors).length > 0)
        return send(res, 400, { message: 'Validation error', errors, error_code: null });
      const payment: QuickPayPayment = {
        id: 7_000_000 + payments.length + 1,
        order_id: orderId as string,
        accepted: false,
        currency: currency as string,
        state: 'initial',
        operations: [],
      };
      payments.push(payment);
      return send(res, 201, payment);
    }
    if (req.method === 'GET' && url.pathname === '/payments') {
      const orderId = url.searchParams.get('order_id');
      return send(
        res,
        200,
        payments.filter((payment) => orderId === null || payment.order_id === orderId),
      );
    }
    const match = /^\/payments\/(\d+)(\/authorize)?$/.exec(url.pathname);
    const payment = match ? payments.find((candidate) => candidate.id === Number(match[1])) : undefined;
    if (!match || !payment) return send(res, 404, { message: `Not found: ${url.pathname}` });
    if (req.method === 'GET' && !match[2]) return send(res, 200, payment);
    if (req.method !== 'POST' || !match[2]) return send(res, 404, { message: `Not found: ${url.pathname}` });

    const amount = input.amount;
    const token = (input.card as { token?: unknown } | undefined)?.token;
    if (!Number.isInteger(amount) || (amount as number) <= 0 || typeof token !== 'string')
      return send(res, 400, {
        message: 'Validation error',
        errors: { amount: ['must be a positive integer'], card: ['token is required'] },
        error_code: null,
      });
    if (payment.operations.some((op) => op.qp_status_code === '20000'))
      return send(res, 400, { message: 'Payment already authorized', errors: {}, error_code: null });

    const authorize = operation('authorize', amount as number, token);
    payment.operations.push(authorize);
    if (authorize.qp_status_code === '20000') {
      payment.accepted = true;
      payment.state = 'processed';
      charges.push({
        token,
        amount: amount as number,
        currency: payment.currency,
        idempotencyKey: null,
        orderId: payment.order_id,
      });
      if (input.auto_capture === true)
        payment.operations.push(operation('capture', amount as number, 'qp_ok'));
    } else if (authorize.qp_status_code === '40000') {
      payment.state = 'rejected';
    }
    if (token !== 'qp_timeout') return send(res, 202, payment);
    const timer = setTimeout(() => {
      timers.delete(timer);
      send(res, 202, payment);
    }, slowMs);
    timers.add(timer);
    res.on('close', () => {
      clearTimeout(timer);
      timers.delete(timer);
    });
  });

  function operation(type: string, amount: number, token: string): QuickPayOperation {
    const [qp, qpMessage, aq, aqMessage] =
      token === 'qp_declined'
        ? ['40000', 'Rejected by acquirer', '40200', 'Declined by issuer']
        : token === 'qp_3ds'
          ? ['30100', '3-D Secure is required', null, null]
          : ['20000', 'Approved', '20000', 'Approved'];
    return {
      id: ++operationIds,
      type,
      amount,
      pending: false,
      qp_status_code: qp,
      qp_status_msg: qpMessage,
      aq_status_code: aq,
      aq_status_msg: aqMessage,
    };
  }

  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const port = () => (server.address() as AddressInfo).port;
  return {
    baseUrl: `http://127.0.0.1:${port()}`,
    apiKey,
    cards,
    charges,
    requests,
    payments,
    close: () =>
      new Promise<void>((resolve, reject) => {
        for (const timer of timers) clearTimeout(timer);
        server.close((error) => (error ? reject(error) : resolve()));
        server.closeAllConnections();
      }),
  };
}

async function readBody(req: IncomingMessage): Promise<string> {
  const chunks: Buffer[] = [];
  for await (const chunk of req) chunks.push(chunk as Buffer);
  return Buffer.concat(chunks).toString('utf8');
}

function parseJson(text: string): unknown {
  try {
    return JSON.parse(text);
  } catch {
    return text;
  }
}

function send(res: ServerResponse, status: number, payload: unknown): void {
  if (res.destroyed) return;
  res.writeHead(status, { 'Content-Type': 'application/json' });
  res.end(JSON.stringify(payload));
}

function cardView(card: FakeQuickPayCard) {
  return {
    id: card.id,
    accepted: card.accepted,
    state: card.state,
    variables: card.variables,
    metadata: card.accepted ? { brand: 'visa', last4: '4242', exp_month: 12, exp_year: 2030 } : {},
    link: card.link,
  };
}

/** QuickPay's window, reduced to what a customer does there: a card number, save or go back. */
function windowPage(card: FakeQuickPayCard, problem?: string): string {
  const danish = card.link?.language === 'da';
  const cancel = card.link?.cancel_url ?? '/';
  return `<!doctype html><html lang="${danish ? 'da' : 'en'}"><head><meta charset="utf-8"><meta name="viewport" content="width=device-width, initial-scale=1"><title>QuickPay</title></head>
<body style="font-family: system-ui, sans-serif; max-width: 420px; margin: 40px auto; padding: 0 16px">
<main><h1>QuickPay</h1>${problem ? `<p role="alert" style="color:#a00">${problem}</p>` : ''}
<form method="post"><label>${danish ? 'Kortnummer' : 'Card number'} <input name="cardnumber" autocomplete="off" style="display:block;width:100%;padding:8px"></label>
<p><button type="submit">${danish ? 'Gem kort' : 'Save card'}</button> <a href="${cancel}">${danish ? 'Annuller' : 'Cancel'}</a></p></form></main></body></html>`;
}

function sendHtml(res: ServerResponse, status: number, html: string): void {
  if (res.destroyed) return;
  res.writeHead(status, { 'Content-Type': 'text/html; charset=utf-8' });
  res.end(html);
}
