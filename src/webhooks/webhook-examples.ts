/** Examples of webhook endpoints and deliveries for the OpenAPI document: a Danish ERP receiving events. */

const ENDPOINT = '01a24913-f4ce-7000-acb1-1a25b445aefb';

export const webhookEventTypeExample = {
  type: 'invoice.created',
  description: 'An invoice draft was sent: the invoice is numbered and its PDF exists',
};

export const webhookEndpointExample = {
  uuid: ENDPOINT,
  url: 'https://erp.bageriet.dk/kassa/webhooks',
  description: 'Bogføring',
  event_types: ['invoice.created', 'payment.created', 'credit_note.created'],
  enabled: true,
  disabled_reason: null,
  failing_since: null,
  previous_secret_expires_date: null,
  created_date: '2025-01-15T10:00:00.000Z',
  updated_date: '2025-01-15T10:00:00.000Z',
};

export const webhookEndpointWithSecretExample = {
  ...webhookEndpointExample,
  secret: 'whsec_kDN9VqOvlw/+tYX5EZW+qu4Rl66OH61cAUCVY6nEtdY=',
};

export const webhookDeliveryExample = {
  uuid: '01a24913-f6e0-7000-9697-37dd5f923db4',
  endpoint: ENDPOINT,
  event: '01a24913-f6dd-7001-88fd-f4f9b81e86d6',
  event_type: 'invoice.created',
  status: 'succeeded',
  attempt_count: 2,
  next_attempt_date: null,
  attempts: [
    {
      attempt: 1,
      attempted_date: '2025-02-01T06:02:12.000Z',
      status_code: 503,
      duration_ms: 212,
      response: 'Service Unavailable',
      error: null,
    },
    {
      attempt: 2,
      attempted_date: '2025-02-01T06:03:12.000Z',
      status_code: 200,
      duration_ms: 87,
      response: 'ok',
      error: null,
    },
  ],
  created_date: '2025-02-01T06:02:12.000Z',
  updated_date: '2025-02-01T06:03:12.000Z',
};

export const webhookReplayExample = { events: 14 };
