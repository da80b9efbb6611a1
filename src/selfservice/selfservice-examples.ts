/** Examples of the self-service routes' bodies and answers for the OpenAPI document. */
import { downloadLinkExample, invoiceExample } from '../invoices/invoice-examples.ts';
import { subscriptionOverviewExample } from '../subscriptions/subscription-examples.ts';

const SIGN_IN =
  'https://kassa.nordlys.dk/self-service/login?token=ss_E7R4Gdk73dNcoRCDIE_g6DTUlHLgH8i01V5a-dB3PZM';

export const selfServiceLinkRequestExample = { email: 'regnskab@bageriet.dk' };
export const selfServiceLinkExample = { url: SIGN_IN };

export const selfServiceTokenExample = {
  token: 'ss_E7R4Gdk73dNcoRCDIE_g6DTUlHLgH8i01V5a-dB3PZM',
  expires_at: '2025-02-03T13:35:10.000Z',
  url: SIGN_IN,
  account: '0193f1a2-7c4e-7d2a-9b1e-5f3c2a1b0c9d',
};

export const selfServiceAccountPatchExample = {
  invoice_email: 'faktura@bageriet.dk',
  electronic_address: '0184:13585628',
  purchase_order_reference: 'PO-2025-117',
};

export const selfServiceCardRequestExample = { token: 'pm_1QhZ7kLkdIwHu7ixVb2m1a9T', gateway: 'stripe' };

export const selfServiceDownloadLinkExample = {
  url: downloadLinkExample.url,
  expires_at: downloadLinkExample.expires_at,
};

export const selfServiceSessionExample = {
  csrf_token: 'UkVhzAKblE3fmwNKJPTy3_pFuutZZJRtbl0h9y-UCZk',
  idle_minutes: 30,
  account: {
    uuid: '0193f1a2-7c4e-7d2a-9b1e-5f3c2a1b0c9d',
    code: 'CUST-4711',
    name: 'Bageriet Ærø ApS',
    language: 'da',
  },
  organization: { name: 'Nordlys ApS', logo_url: null, colour: '#0b7285', currency: 'DKK' },
  actions: { cards: true, details: true, plan_change: true, cancel: false },
  card_gateways: ['stripe'],
};

export const selfServicePaymentExample = {
  outcome: 'succeeded',
  invoice: { ...invoiceExample, status: 'paid', paid: invoiceExample.total, balance: '0.00' },
};

export const selfServiceSubscriptionExample = {
  ...subscriptionOverviewExample,
  next_billing_date: '2025-03-01',
};

export const selfServiceCancelExample = { end_date: '2025-08-01' };
