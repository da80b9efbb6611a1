import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import {
  type ChargeRequest,
  cardGateway,
  GATEWAY_AUTHENTICATION_FAILED,
} from '../../src/payments/gateways/card-gateway.ts';
import * as fakeQuickPay from '../support/fake-quickpay.ts';
import * as fakeStripe from '../support/fake-stripe.ts';

// The client gives up long before the fakes answer a slow token, so a timeout is a real timeout.
const CLIENT_TIMEOUT_MS = 250;
const SERVER_DELAY_MS = 3_000;

function chargeOf(token: string, overrides: Partial<ChargeRequest> = {}): ChargeRequest {
  return {
    token,
    customer: null,
    amountMinor: 12_500,
    currency: 'DKK',
    orderId: 'INV-2025-0042',
    description: 'Invoice INV-2025-0042',
    idempotencyKey: 'charge-INV-2025-0042-1',
    ...overrides,
  };
}

describe('stripe gateway', () => {
  let fake: fakeStripe.FakeStripe;
  beforeEach(async () => {
    fake = await fakeStripe.start({ slowMs: SERVER_DELAY_MS });
  });
  afterEach(async () => {
    await fake.close();
  });

  const gateway = (apiKey = fake.apiKey) =>
    cardGateway('stripe', { stripe: { apiKey, baseUrl: fake.baseUrl, timeoutMs: CLIENT_TIMEOUT_MS } })!;

  it('confirms an off-session payment intent and reports its id', async () => {
    const result = await gateway().charge(chargeOf('pm_card_visa', { customer: 'cus_123' }));

    expect(result).toEqual({ outcome: 'succeeded', gatewayReference: 'pi_fake000001' });
    expect(fake.charges).toEqual([
      { token: 'pm_card_visa', amount: 12_500, currency: 'dkk', idempotencyKey: 'charge-INV-2025-0042-1' },
    ]);
    expect(fake.requests[0]?.params).toEqual({
      amount: '12500',
      currency: 'dkk',
      payment_method: 'pm_card_visa',
      customer: 'cus_123',
      off_session: 'true',
      confirm: 'true',
      description: 'Invoice INV-2025-0042',
      'metadata[order_id]': 'INV-2025-0042',
    });
  });

  it('reports a card decline with the decline code and the failed intent', async () => {
    const result = await gateway().charge(chargeOf('pm_card_chargeDeclined'));

    expect(result).toEqual({
      outcome: 'declined',
      gatewayReference: 'pi_fake000001',
      reason: 'generic_decline: Your card was declined.',
    });
    expect(fake.charges).toEqual([]);
  });

  it('answers requires_action when the bank wants the customer to authenticate', async () => {
    const result = await gateway().charge(chargeOf('pm_card_authenticationRequired'));

    expect(result).toEqual({
      outcome: 'requires_action',
      gatewayReference: 'pi_fake000001',
      reason: 'authentication_required: Your card was declined. This transaction requires authentication.',
    });
    expect(fake.charges).toEqual([]);
  });

  it('answers a timeout as retryable, and the retry with the same key charges exactly once', async () => {
    const request = chargeOf('pm_card_timeout');
    const first = await gateway().charge(request);
    expect(first).toEqual({
      outcome: 'retryable',
      reason: `stripe unreachable: Request aborted due to timeout being reached (${CLIENT_TIMEOUT_MS}ms)`,
    });

    const retry = await gateway().charge(request);

    expect(retry).toEqual({ outcome: 'succeeded', gatewayReference: 'pi_fake000001' });
    expect(fake.charges).toHaveLength(1);
    expect(fake.requests.map((r) => [r.idempotencyKey, r.replayed])).toEqual([
      ['charge-INV-2025-0042-1', false],
      ['charge-INV-2025-0042-1', true],
    ]);
  });

  it('answers a rejected API key as a retryable configuration error', async () => {
    const result = await gateway('sk_test_wrong_key_0000').charge(chargeOf('pm_card_visa'));

    expect(result).toEqual({ outcome: 'retryable', reason: GATEWAY_AUTHENTICATION_FAILED });
    expect(GATEWAY_AUTHENTICATION_FAILED).toBe('gateway authentication failed');
    expect(fake.charges).toEqual([]);
  });

  it('answers an unknown payment method as a decline without an intent', async () => {
    const result = await gateway().charge(chargeOf('card_not_a_payment_method'));

    expect(result).toEqual({
      outcome: 'declined',
      gatewayReference: null,
      reason: "resource_missing: No such PaymentMethod: 'card_not_a_payment_method'",
    });
  });
});

describe('quickpay gateway', () => {
  let fake: fakeQuickPay.FakeQuickPay;
  beforeEach(async () => {
    fake = await fakeQuickPay.start({ slowMs: SERVER_DELAY_MS });
  });
  afterEach(async () => {
    await fake.close();
  });

  const gateway = (apiKey = fake.apiKey) =>
    cardGateway('quickpay', { quickpay: { apiKey, baseUrl: fake.baseUrl, timeoutMs: CLIENT_TIMEOUT_MS } })!;

  it('creates a payment for the order and authorizes it with auto capture', async () => {
    const result = await gateway().charge(chargeOf('qp_ok'));

    expect(result).toEqual({ outcome: 'succeeded', gatewayReference: '7000001' });
    expect(fake.charges).toEqual([
      { token: 'qp_ok', amount: 12_500, currency: 'DKK', idempotencyKey: null, orderId: 'INV-2025-0042' },
    ]);
    expect(fake.requests).toEqual([
      { method: 'POST', path: '/payments', body: { order_id: 'INV-2025-0042', currency: 'DKK' } },
      {
        method: 'POST',
        path: '/payments/7000001/authorize?synchronized',
        body: { amount: 12_500, card: { token: 'qp_ok' }, auto_capture: true },
      },
    ]);
    expect(fake.payments[0]?.operations.map((op) => [op.type, op.qp_status_code])).toEqual([
      ['authorize', '20000'],
      ['capture', '20000'],
    ]);
  });

  it('reports a rejection by the acquirer as declined with its message', async () => {
    const result = await gateway().charge(chargeOf('qp_declined'));

    expect(result).toEqual({
      outcome: 'declined',
      gatewayReference: '7000001',
      reason: '40000: Declined by issuer',
    });
    expect(fake.charges).toEqual([]);
  });

  it('answers requires_action when QuickPay asks for 3-D Secure', async () => {
    const result = await gateway().charge(chargeOf('qp_3ds'));

    expect(result).toEqual({
      outcome: 'requires_action',
      gatewayReference: '7000001',
      reason: '30100: 3-D Secure is required',
    });
    expect(fake.charges).toEqual([]);
  });

  it('answers a timeout as retryable, and the retry reuses the order without charging again', async () => {
    const request = chargeOf('qp_timeout');
    const first = await gateway().charge(request);
    expect(first).toEqual({
      outcome: 'retryable',
      reason: `quickpay did not answer within ${CLIENT_TIMEOUT_MS} ms`,
    });

    const retry = await gateway().charge(request);

    expect(retry).toEqual({ outcome: 'succeeded', gatewayReference: '7000001' });
    expect(fake.charges).toHaveLength(1);
    expect(fake.payments).toHaveLength(1);
    expect(fake.requests.map((r) => `${r.method} ${r.path}`)).toEqual([
      'POST /payments',
      'POST /payments/7000001/authorize?synchronized',
      'POST /payments',
      'GET /payments?order_id=INV-2025-0042',
    ]);
  });

  it('authorizes again a reused order whose earlier attempt asked for 3-D Secure', async () => {
    await gateway().charge(chargeOf('qp_3ds'));
    const retry = await gateway().charge(chargeOf('qp_ok'));

    expect(retry).toEqual({ outcome: 'succeeded', gatewayReference: '7000001' });
    expect(fake.charges.map((charge) => charge.token)).toEqual(['qp_ok']);
  });

  it('answers a rejected API key as a retryable configuration error', async () => {
    const result = await gateway('not-the-key').charge(chargeOf('qp_ok'));

    expect(result).toEqual({ outcome: 'retryable', reason: 'gateway authentication failed' });
    expect(fake.payments).toEqual([]);
  });

  it('declines an order id QuickPay refuses as invalid', async () => {
    const result = await gateway().charge(chargeOf('qp_ok', { orderId: 'X1' }));

    expect(result).toEqual({
      outcome: 'declined',
      gatewayReference: null,
      reason: 'quickpay refused (400): Validation error {"order_id":["must be 4-20 characters"]}',
    });
  });
});

describe('cardGateway', () => {
  it('is null for a gateway without an API key', () => {
    expect(cardGateway('stripe', {})).toBeNull();
    expect(cardGateway('quickpay', { stripe: { apiKey: 'sk_test_x' } })).toBeNull();
    expect(cardGateway('stripe', { stripe: { apiKey: '' } })).toBeNull();
  });

  it('builds the named gateway when configured', () => {
    expect(cardGateway('stripe', { stripe: { apiKey: 'sk_test_x' } })?.name).toBe('stripe');
    expect(cardGateway('quickpay', { quickpay: { apiKey: 'qp' } })?.name).toBe('quickpay');
  });
});
