import { QuickPayGateway } from './quickpay-gateway.ts';
import { StripeGateway } from './stripe-gateway.ts';

export type GatewayName = 'stripe' | 'quickpay';

export interface ChargeRequest {
  /** Stripe: a PaymentMethod id (pm_…), optionally with a customer id; QuickPay: a card token / saved card id. */
  token: string;
  /** Stripe customer id when known. */
  customer: string | null;
  /** Integer minor units. */
  amountMinor: number;
  /** ISO 4217, e.g. DKK. */
  currency: string;
  /** Our invoice number; QuickPay requires 4-20 characters for order_id. */
  orderId: string;
  description: string;
  /** The same key for every retry of the same charge, so a retry never charges twice. */
  idempotencyKey: string;
}

export type ChargeResult =
  | { outcome: 'succeeded'; gatewayReference: string }
  | { outcome: 'declined'; gatewayReference: string | null; reason: string }
  /** 3-D Secure / authentication required: only the customer can complete it. */
  | { outcome: 'requires_action'; gatewayReference: string | null; reason: string }
  /**
   * Timeout, network error, 5xx, rate limit, or a rejected API key: safe to retry with the same
   * idempotency key. A rejected key is a configuration error, answered as retryable with reason
   * GATEWAY_AUTHENTICATION_FAILED so dunning keeps the invoice alive until the operator fixes settings.
   */
  | { outcome: 'retryable'; reason: string };

export interface CardGateway {
  readonly name: GatewayName;
  charge(request: ChargeRequest): Promise<ChargeResult>;
}

export interface GatewayConnection {
  apiKey: string;
  baseUrl?: string;
  timeoutMs?: number;
}

export interface GatewaySettings {
  /** baseUrl defaults to https://api.stripe.com. */
  stripe?: GatewayConnection;
  /** baseUrl defaults to https://api.quickpay.net. */
  quickpay?: GatewayConnection;
}

// The adapters import these two back from this module (an import cycle), so they may only read them
// inside functions, never at module top level.
export const GATEWAY_AUTHENTICATION_FAILED = 'gateway authentication failed';

/** Long enough for a slow acquirer, short enough that a billing run never stalls on one invoice. */
export const DEFAULT_GATEWAY_TIMEOUT_MS = 30_000;

/** Null when the gateway has no API key configured, so callers can tell "not set up" from a failure. */
export function cardGateway(name: GatewayName, settings: GatewaySettings): CardGateway | null {
  const connection = settings[name];
  if (!connection?.apiKey) return null;
  return name === 'stripe' ? new StripeGateway(connection) : new QuickPayGateway(connection);
}
