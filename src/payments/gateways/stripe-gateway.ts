import Stripe from 'stripe';
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

/**
 * Off-session card charges through the official SDK: one confirmed PaymentIntent per charge.
 * Option names and error classes were checked against stripe@23 (esm/lib.d.ts StripeConfig and
 * RequestOptions, esm/Error.js generateV1Error: 401 → StripeAuthenticationError, 402 →
 * StripeCardError, 403 → StripePermissionError, 429 → StripeRateLimitError, 400/404 →
 * StripeInvalidRequestError or StripeIdempotencyError, anything else → StripeAPIError; timeouts and
 * socket failures → StripeConnectionError).
 */
export class StripeGateway implements CardGateway {
  readonly name = 'stripe' as const;
  readonly #client: Stripe;

  constructor(connection: GatewayConnection) {
    const url = new URL(connection.baseUrl ?? 'https://api.stripe.com');
    const protocol = url.protocol === 'http:' ? 'http' : 'https';
    this.#client = new Stripe(connection.apiKey, {
      host: url.hostname,
      port: url.port || (protocol === 'http' ? 80 : 443),
      protocol,
      timeout: connection.timeoutMs ?? DEFAULT_GATEWAY_TIMEOUT_MS,
      // Retries belong to dunning, which reuses the idempotency key; SDK retries would hide the
      // outcome of the first attempt from us and stretch one charge past our timeout.
      maxNetworkRetries: 0,
    });
  }

  async charge(request: ChargeRequest): Promise<ChargeResult> {
    const params: Stripe.PaymentIntentCreateParams = {
      amount: request.amountMinor,
      currency: request.currency.toLowerCase(),
      payment_method: request.token,
      off_session: true,
      confirm: true,
      description: request.description,
      metadata: { order_id: request.orderId },
    };
    if (request.customer) params.customer = request.customer;
    try {
      const intent = await this.#client.paymentIntents.create(params, {
        idempotencyKey: request.idempotencyKey,
      });
      return fromIntent(intent);
    } catch (error) {
      if (error instanceof Stripe.errors.StripeError) return fromError(error);
      throw error;
    }
  }

  /**
   * A SetupIntent for off-session use on the account's Stripe customer (made on the first card), so
   * the PaymentMethod the customer confirms in Stripe.js stays attached and can be charged later.
   */
  async startCardSetup(request: CardSetupRequest): Promise<CardSetupStart> {
    try {
      const customer =
        request.customer ??
        (
          await this.#client.customers.create(
            {
              name: request.name,
              ...(request.email ? { email: request.email } : {}),
              metadata: { kassa_account: request.accountCode },
            },
            { idempotencyKey: `kassa-customer-${request.setupId}` },
          )
        ).id;
      const intent = await this.#client.setupIntents.create(
        {
          customer,
          usage: 'off_session',
          allowed_payment_method_types: ['card'],
          metadata: { kassa_account: request.accountCode, kassa_card_setup: request.setupId },
        },
        { idempotencyKey: `kassa-setup-${request.setupId}` },
      );
      if (!intent.client_secret)
        return { ok: false, reason: `setup intent ${intent.id} has no client secret` };
      return {
        ok: true,
        reference: intent.id,
        customer,
        clientSecret: intent.client_secret,
        windowUrl: null,
      };
    } catch (error) {
      if (error instanceof Stripe.errors.StripeError)
        return { ok: false, reason: `stripe: ${error.code ?? error.type}: ${error.message}` };
      throw error;
    }
  }

  async cardSetupState(reference: string): Promise<CardSetupState> {
    try {
      const intent = await this.#client.setupIntents.retrieve(reference);
      const method = intent.payment_method;
      const token = typeof method === 'string' ? method : (method?.id ?? null);
      if (intent.status === 'succeeded' && token) return { state: 'succeeded', token };
      if (intent.status === 'canceled') return { state: 'failed', reason: 'the setup intent was canceled' };
      const error = intent.last_setup_error;
      return {
        state: 'incomplete',
        reason: error
          ? `${error.code ?? error.type}: ${error.message ?? ''}`
          : `setup intent ${intent.status}`,
      };
    } catch (error) {
      if (error instanceof Stripe.errors.StripeError)
        return { state: 'failed', reason: `stripe: ${error.code ?? error.type}: ${error.message}` };
      throw error;
    }
  }
}

function fromIntent(intent: Stripe.PaymentIntent): ChargeResult {
  switch (intent.status) {
    case 'succeeded':
      return { outcome: 'succeeded', gatewayReference: intent.id };
    case 'requires_action':
      return { outcome: 'requires_action', gatewayReference: intent.id, reason: 'authentication required' };
    case 'processing':
      // Some card networks settle asynchronously; the final state arrives later on the same intent.
      return { outcome: 'retryable', reason: `payment intent ${intent.id} is still processing` };
    case 'requires_payment_method': {
      const failure = intent.last_payment_error;
      const code = failure?.decline_code ?? failure?.code ?? 'payment_failed';
      return {
        outcome: 'declined',
        gatewayReference: intent.id,
        reason: `${code}: ${failure?.message ?? 'the payment method was not accepted'}`,
      };
    }
    default:
      return {
        outcome: 'declined',
        gatewayReference: intent.id,
        reason: `unexpected payment intent status ${intent.status}`,
      };
  }
}

function fromError(error: Stripe.errors.StripeError): ChargeResult {
  const { errors } = Stripe;
  if (error instanceof errors.StripeCardError) {
    const intent = error.payment_intent;
    const reference = intent?.id ?? null;
    const code = error.decline_code || error.code || 'card_error';
    if (error.code === 'authentication_required' || intent?.status === 'requires_action')
      return { outcome: 'requires_action', gatewayReference: reference, reason: `${code}: ${error.message}` };
    return { outcome: 'declined', gatewayReference: reference, reason: `${code}: ${error.message}` };
  }
  if (error instanceof errors.StripeAuthenticationError || error instanceof errors.StripePermissionError)
    return { outcome: 'retryable', reason: GATEWAY_AUTHENTICATION_FAILED };
  if (error instanceof errors.StripeConnectionError)
    return { outcome: 'retryable', reason: `stripe unreachable: ${error.message}` };
  if (error instanceof errors.StripeRateLimitError)
    return { outcome: 'retryable', reason: `stripe rate limit: ${error.message}` };
  // StripeAPIError also covers 409, a retry that arrived while the first attempt was still running.
  if (error instanceof errors.StripeAPIError || (error.statusCode ?? 0) >= 500)
    return {
      outcome: 'retryable',
      reason: `stripe error ${error.statusCode ?? 'without status'}: ${error.message}`,
    };
  // Invalid or detached payment method, or a key reused with other parameters: retrying the
  // same request cannot help, so surface it like a decline for someone to look at.
  return {
    outcome: 'declined',
    gatewayReference: error.payment_intent?.id ?? null,
    reason: `${error.code ?? error.rawType ?? 'invalid_request'}: ${error.message}`,
  };
}
