import type { ColumnType, Generated } from 'kysely';
import type { Json } from './schema.ts';

type Timestamp = ColumnType<Date, Date | string, Date | string>;

export interface WebhookEndpointsTable {
  organization_id: string;
  id: string;
  url: string;
  description: Generated<string>;
  event_types: Json;
  enabled: Generated<boolean>;
  disabled_reason: string | null;
  secret: string;
  previous_secret: string | null;
  previous_secret_expires_at: Timestamp | null;
  failing_since: Timestamp | null;
  created_at: Timestamp;
  updated_at: Timestamp;
  deleted_at: Timestamp | null;
}

export interface WebhookMessagesTable {
  organization_id: string;
  id: string;
  type: string;
  body: string;
  occurred_at: Timestamp;
}

export type DeliveryStatus = 'pending' | 'succeeded' | 'failed' | 'cancelled';

export interface WebhookDeliveriesTable {
  organization_id: string;
  id: string;
  endpoint_id: string;
  message_id: string;
  event_type: string;
  status: DeliveryStatus;
  attempts: Generated<number>;
  schedule_start: Generated<number>;
  next_attempt_at: Timestamp | null;
  created_at: Timestamp;
  updated_at: Timestamp;
}

export interface WebhookAttemptsTable {
  organization_id: string;
  id: string;
  delivery_id: string;
  attempt: number;
  attempted_at: Timestamp;
  status_code: number | null;
  duration_ms: number;
  response: string | null;
  error: string | null;
}

/**
 * The ends of subscriptions the daily job has noticed (0022), so that `subscription.ended` is written
 * once per end; owned by `src/subscriptions/notice-ended-subscriptions.ts`.
 */
export interface SubscriptionEndNoticesTable {
  organization_id: string;
  subscription_id: string;
  end_date: string;
  noticed_at: Timestamp;
}

export interface WebhookTables {
  subscription_end_notices: SubscriptionEndNoticesTable;
  webhook_endpoints: WebhookEndpointsTable;
  webhook_messages: WebhookMessagesTable;
  webhook_deliveries: WebhookDeliveriesTable;
  webhook_attempts: WebhookAttemptsTable;
}
