-- Webhooks (issue 14): endpoints an organization registers, the messages made from outbox events,
-- one delivery per endpoint and message, and every attempt of it.

create table webhook_endpoints (
  organization_id uuid not null references organizations (id),
  id uuid not null,
  url text not null,
  description text not null default '',
  -- null: every event type; otherwise the types it wants.
  event_types jsonb,
  enabled boolean not null default true,
  -- why kassa turned it off: 'gone' (the receiver answered 410) or 'failing' (5 days of failures).
  disabled_reason text,
  -- Needed in clear to sign; never answered after creation.
  secret text not null,
  previous_secret text,
  previous_secret_expires_at timestamptz,
  -- the first failed attempt since the last success.
  failing_since timestamptz,
  created_at timestamptz not null,
  updated_at timestamptz not null,
  deleted_at timestamptz,
  primary key (organization_id, id)
);
create index webhook_endpoints_live on webhook_endpoints (organization_id, created_at, id) where deleted_at is null;

-- The body sent for an event, made once (the same bytes on every endpoint and retry). id is the
-- outbox event's id (webhook-id), or a fresh one for a test event.
create table webhook_messages (
  organization_id uuid not null references organizations (id),
  id uuid not null,
  type text not null,
  body text not null,
  occurred_at timestamptz not null,
  primary key (organization_id, id)
);

create table webhook_deliveries (
  organization_id uuid not null,
  id uuid not null,
  endpoint_id uuid not null,
  message_id uuid not null,
  event_type text not null,
  status text not null check (status in ('pending', 'succeeded', 'failed', 'cancelled')),
  attempts integer not null default 0,
  -- attempts made before the last resend or replay: the retry schedule starts again from there.
  schedule_start integer not null default 0,
  -- when the next attempt is due (pending), or until when an attempt in flight holds it.
  next_attempt_at timestamptz,
  created_at timestamptz not null,
  updated_at timestamptz not null,
  primary key (organization_id, id),
  unique (organization_id, endpoint_id, message_id),
  foreign key (organization_id, endpoint_id) references webhook_endpoints (organization_id, id),
  foreign key (organization_id, message_id) references webhook_messages (organization_id, id)
);
create index webhook_deliveries_due on webhook_deliveries (next_attempt_at) where status = 'pending';
create index webhook_deliveries_by_endpoint on webhook_deliveries (organization_id, endpoint_id, created_at, id);

create table webhook_attempts (
  organization_id uuid not null,
  id uuid not null,
  delivery_id uuid not null,
  attempt integer not null,
  attempted_at timestamptz not null,
  status_code integer,
  duration_ms integer not null,
  -- the first 1 KB of the answer, or why there was none (timeout, refused address, …).
  response text,
  error text,
  primary key (organization_id, id),
  foreign key (organization_id, delivery_id) references webhook_deliveries (organization_id, id)
);
create index webhook_attempts_of_delivery on webhook_attempts (organization_id, delivery_id, attempt);

-- The outbox is now read by the dispatcher. Events from before webhooks existed had no endpoint to go to.
update outbox_events set delivered_at = occurred_at where delivered_at is null;
-- Replays read an organization's events by time; versions count an object's events.
create index outbox_events_by_time on outbox_events (organization_id, occurred_at, id);
create index outbox_events_by_entity on outbox_events (organization_id, entity_id, id);
