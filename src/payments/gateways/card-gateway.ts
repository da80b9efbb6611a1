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

/** What a customer adding a card in the portal needs to hand the card to the gateway. */
export interface CardSetupRequest {
  /** Stripe: the customer an earlier setup of this account made, reused; null makes one. */
  customer: string | null;
  /** Shown at the gateway and kept in its metadata: our account, so its dashboard can tell whose card. */
  accountCode: string;
  name: string;
  email: string | null;
  /** Our setup's id, in the gateway's metadata. */
  setupId: string;
  /** QuickPay's window sends the customer back here after the card, or when they cancel. */
  continueUrl: string;
  cancelUrl: string;
  language: string;
}

export type CardSetupStart =
  | {
      ok: true;
      /** Stripe: the SetupIntent (seti_…); QuickPay: the saved card's id. */
      reference: string;
      customer: string | null;
      /** Stripe: what Stripe.js confirms the SetupIntent with. */
      clientSecret: string | null;
      /** QuickPay: its payment window for this card. */
      windowUrl: string | null;
    }
  | { ok: false; reason: string };

export type CardSetupState =
  /** The card is saved at the gateway: `token` is what kassa charges it by. */
  | { state: 'succeeded'; token: string }
  | { state: 'incomplete'; reason: string }
  | { state: 'failed'; reason: string };

export interface CardGateway {
  readonly name: GatewayName;
  charge(request: ChargeRequest): Promise<ChargeResult>;
  /** Starts adding a card the customer enters at the gateway (Stripe: a SetupIntent; QuickPay: a saved card and its window). */
  startCardSetup(request: CardSetupRequest): Promise<CardSetupStart>;
  /** Asks the gateway whether a started setup has its card. */
  cardSetupState(reference: string): Promise<CardSetupState>;
}

export interface GatewayConnection {
  apiKey: string;
  baseUrl?: string;
  timeoutMs?: number;
  /** Stripe: the publishable key (pk_…) Stripe.js runs with in the portal. */
  publishableKey?: string;
  /** Stripe: where the portal loads Stripe.js from; default https://js.stripe.com/v3/ (tests: a local stand-in). */
  scriptUrl?: string;
}

export const STRIPE_JS_URL = 'https://js.stripe.com/v3/';

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
