import {
  type CardGateway,
  type CardSetupRequest,
  type CardSetupStart,
  type CardSetupState,
  type ChargeRequest,
  type ChargeResult,
  DEFAULT_GATEWAY_TIMEOUT_MS,
  GATEWAY_AUTHENTICATION_FAILED,
  type GatewayConnection,
} from './card-gateway.ts';

/*
 * QuickPay REST API v10, as documented at:
 * - https://learn.quickpay.net/tech-talk/guides/payments: POST /payments {order_id, currency} with
 *   `Accept-Version: v10` and Basic auth of ":" + API key; order_id is unique per account.
 * - https://learn.quickpay.net/tech-talk/guides/cards: a saved card's token authorizes a payment
 *   (POST /payments/{id}/authorize with card.token).
 * - https://learn.quickpay.net/tech-talk/appendixes/errors: qp_status_code on each operation,
 *   30100/30101 authentication required, 40000 rejected by acquirer (details in aq_status_msg),
 *   other 4xxxx client errors, 50000 gateway error, 50300 communications error.
 * The payment shape (accepted, operations[].type/pending/qp_status_code/qp_status_msg/aq_status_msg)
 * follows QuickPay's callback example; `?synchronized` makes an operation answer with its result
 * instead of queueing it, and a second payment with a taken order_id is refused with a 400
 * validation error on order_id (QuickPay client libraries: GET /payments?order_id=… finds it).
 * - https://learn.quickpay.net/tech-talk/guides/cards: a saved card is made with POST /cards, the
 *   customer authorizes it in the payment window at the url PUT /cards/{id}/link answers, and each
 *   payment takes a fresh one-time token from POST /cards/{id}/tokens. kassa keeps such a card as
 *   `qpcard_<id>` and makes the token when it charges.
 */

/** A QuickPay saved card, as kassa keeps it: charged through a fresh token each time. */
const SAVED_CARD = /^qpcard_(\d+)$/;

export interface QuickPayOperation {
  id: number;
  type: string;
  amount: number;
  pending: boolean;
  qp_status_code: string | null;
  qp_status_msg: string | null;
  aq_status_code: string | null;
  aq_status_msg: string | null;
}

export interface QuickPayPayment {
  id: number;
  order_id: string;
  accepted: boolean;
  currency: string;
  state: string;
  operations: QuickPayOperation[];
}

interface Answer {
  status: number;
  body: unknown;
}

const APPROVED = '20000';

export class QuickPayGateway implements CardGateway {
  readonly name = 'quickpay' as const;
  readonly #baseUrl: string;
  readonly #authorization: string;
  readonly #timeoutMs: number;

  constructor(connection: GatewayConnection) {
    this.#baseUrl = (connection.baseUrl ?? 'https://api.quickpay.net').replace(/\/+$/, '');
    this.#authorization = `Basic ${Buffer.from(`:${connection.apiKey}`).toString('base64')}`;
    this.#timeoutMs = connection.timeoutMs ?? DEFAULT_GATEWAY_TIMEOUT_MS;
  }

  async charge(request: ChargeRequest): Promise<ChargeResult> {
    try {
      const payment = await this.#paymentFor(request);
      if ('outcome' in payment) return payment;
      const earlier = earlierOutcome(payment);
      if (earlier) return earlier;
      const token = await this.#tokenFor(request.token, String(payment.id));
      if (typeof token !== 'string') return token;
      const answer = await this.#call('POST', `/payments/${payment.id}/authorize?synchronized`, {
        amount: request.amountMinor,
        card: { token },
        auto_capture: true,
      });
      if (!isSuccess(answer.status)) return failure(answer, String(payment.id));
      const authorized = asPayment(answer.body);
      if (!authorized)
        return { outcome: 'retryable', reason: 'quickpay answered authorize without a payment' };
      return outcomeOf(authorized);
    } catch (error) {
      if (error instanceof Unreachable) return { outcome: 'retryable', reason: error.message };
      throw error;
    }
  }

  /** The token a payment is authorized with: a saved card's fresh one-time token, or the token as given. */
  async #tokenFor(token: string, reference: string): Promise<string | ChargeResult> {
    const saved = SAVED_CARD.exec(token);
    if (!saved) return token;
    const answer = await this.#call('POST', `/cards/${saved[1]}/tokens`);
    if (!isSuccess(answer.status)) return failure(answer, reference);
    const made = (answer.body as { token?: unknown } | null)?.token;
    return typeof made === 'string' && made
      ? made
      : { outcome: 'retryable', reason: 'quickpay answered a card token request without a token' };
  }

  async startCardSetup(request: CardSetupRequest): Promise<CardSetupStart> {
    try {
      const created = await this.#call('POST', '/cards', {
        variables: { kassa_account: request.accountCode, kassa_card_setup: request.setupId },
      });
      const id = (created.body as { id?: unknown } | null)?.id;
      if (!isSuccess(created.status) || typeof id !== 'number')
        return { ok: false, reason: `quickpay card (${created.status}): ${describeBody(created.body)}` };
      const link = await this.#call('PUT', `/cards/${id}/link`, {
        continue_url: request.continueUrl,
        cancel_url: request.cancelUrl,
        language: request.language,
      });
      const url = (link.body as { url?: unknown } | null)?.url;
      if (!isSuccess(link.status) || typeof url !== 'string' || !/^https?:\/\//.test(url))
        return { ok: false, reason: `quickpay card link (${link.status}): ${describeBody(link.body)}` };
      return { ok: true, reference: String(id), customer: null, clientSecret: null, windowUrl: url };
    } catch (error) {
      if (error instanceof Unreachable) return { ok: false, reason: error.message };
      throw error;
    }
  }

  async cardSetupState(reference: string): Promise<CardSetupState> {
    try {
      const answer = await this.#call('GET', `/cards/${encodeURIComponent(reference)}`);
      if (!isSuccess(answer.status))
        return { state: 'failed', reason: `quickpay card (${answer.status}): ${describeBody(answer.body)}` };
      const card = answer.body as { id?: unknown; accepted?: unknown; state?: unknown } | null;
      if (card?.accepted === true && card.id !== undefined)
        return { state: 'succeeded', token: `qpcard_${card.id}` };
      return {
        state: 'incomplete',
        reason: `quickpay card ${reference} is ${String(card?.state ?? 'not authorized')}`,
      };
    } catch (error) {
      if (error instanceof Unreachable) return { state: 'failed', reason: error.message };
      throw error;
    }
  }

  /**
   * QuickPay has no idempotency keys; the unique order_id is what makes a retry safe. A retry
   * after a lost answer finds the payment the first attempt created instead of creating another.
   */
  async #paymentFor(request: ChargeRequest): Promise<QuickPayPayment | ChargeResult> {
    const created = await this.#call('POST', '/payments', {
      order_id: request.orderId,
      currency: request.currency.toUpperCase(),
    });
    if (isSuccess(created.status)) {
      return (
        asPayment(created.body) ?? { outcome: 'retryable', reason: 'quickpay answered without a payment' }
      );
    }
    if (created.status !== 400 || !mentionsOrderId(created.body)) return failure(created, null);
    const found = await this.#call('GET', `/payments?order_id=${encodeURIComponent(request.orderId)}`);
    if (!isSuccess(found.status)) return failure(found, null);
    const listed: unknown[] = Array.isArray(found.body) ? found.body : [];
    const existing = listed
      .map(asPayment)
      .find((payment) => payment !== null && payment.order_id === request.orderId);
    // Not found means the order_id itself was invalid (e.g. too short), not taken.
    return existing ?? failure(created, null);
  }

  async #call(method: 'GET' | 'POST' | 'PUT', path: string, body?: unknown): Promise<Answer> {
    const headers: Record<string, string> = {
      'Accept-Version': 'v10',
      Accept: 'application/json',
      Authorization: this.#authorization,
    };
    if (body !== undefined) headers['Content-Type'] = 'application/json';
    try {
      const response = await fetch(`${this.#baseUrl}${path}`, {
        method,
        headers,
        body: body === undefined ? undefined : JSON.stringify(body),
        signal: AbortSignal.timeout(this.#timeoutMs),
      });
      const text = await response.text();
      return { status: response.status, body: parseJson(text) };
    } catch (error) {
      if (error instanceof Error && error.name === 'TimeoutError')
        throw new Unreachable(`quickpay did not answer within ${this.#timeoutMs} ms`);
      if (error instanceof TypeError) throw new Unreachable(`quickpay unreachable: ${describeCause(error)}`);
      throw error;
    }
  }
}

/** Whether the request reached QuickPay is unknown, which is exactly when a retry is the answer. */
class Unreachable extends Error {
  constructor(message: string) {
    super(message);
    this.name = 'Unreachable';
  }
}

function asPayment(body: unknown): QuickPayPayment | null {
  const candidate = body as Partial<QuickPayPayment> | null;
  if (typeof candidate !== 'object' || candidate === null) return null;
  if (typeof candidate.id !== 'number' || !Array.isArray(candidate.operations)) return null;
  return candidate as QuickPayPayment;
}

/** A payment an earlier attempt already settled (or is still settling) must not be authorized again. */
function earlierOutcome(payment: QuickPayPayment): ChargeResult | null {
  const money = payment.operations.filter((op) => op.type === 'authorize' || op.type === 'capture');
  if (money.some((op) => !op.pending && op.qp_status_code === APPROVED))
    return { outcome: 'succeeded', gatewayReference: String(payment.id) };
  if (money.some((op) => op.pending))
    return { outcome: 'retryable', reason: `quickpay payment ${payment.id} has an operation still pending` };
  return null;
}

function outcomeOf(payment: QuickPayPayment): ChargeResult {
  const reference = String(payment.id);
  const last = payment.operations.filter((op) => op.type === 'authorize' || op.type === 'capture').at(-1);
  if (!last) return { outcome: 'retryable', reason: `quickpay payment ${reference} shows no authorization` };
  if (last.pending)
    return { outcome: 'retryable', reason: `quickpay payment ${reference} has an operation still pending` };
  const code = last.qp_status_code ?? '';
  const reason = `${code}: ${last.aq_status_msg ?? last.qp_status_msg ?? 'no message'}`;
  if (code === APPROVED && payment.accepted) return { outcome: 'succeeded', gatewayReference: reference };
  if (code.startsWith('3')) return { outcome: 'requires_action', gatewayReference: reference, reason };
  if (code.startsWith('4')) return { outcome: 'declined', gatewayReference: reference, reason };
  return { outcome: 'retryable', reason };
}

function failure(answer: Answer, reference: string | null): ChargeResult {
  if (answer.status === 401 || answer.status === 403)
    return { outcome: 'retryable', reason: GATEWAY_AUTHENTICATION_FAILED };
  const message = describeBody(answer.body);
  if (answer.status === 429 || answer.status >= 500)
    return { outcome: 'retryable', reason: `quickpay error ${answer.status}: ${message}` };
  // A validation error (bad token, bad currency) repeats on every retry: someone has to act on it.
  return {
    outcome: 'declined',
    gatewayReference: reference,
    reason: `quickpay refused (${answer.status}): ${message}`,
  };
}

function isSuccess(status: number): boolean {
  return status >= 200 && status < 300;
}

function mentionsOrderId(body: unknown): boolean {
  const errors = (body as { errors?: Record<string, unknown> } | null)?.errors;
  return typeof errors === 'object' && errors !== null && 'order_id' in errors;
}

function describeBody(body: unknown): string {
  if (typeof body === 'string') return body.slice(0, 200) || 'empty answer';
  const { message, errors } = (body ?? {}) as { message?: unknown; errors?: unknown };
  const text = typeof message === 'string' ? message : 'no message';
  return errors ? `${text} ${JSON.stringify(errors)}` : text;
}

function describeCause(error: TypeError): string {
  const cause = error.cause;
  return cause instanceof Error ? cause.message : error.message;
}

function parseJson(text: string): unknown {
  try {
    return JSON.parse(text);
  } catch {
    return text;
  }
}
