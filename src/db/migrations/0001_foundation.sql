-- Foundation: tenants, API tokens, audit log, event outbox, idempotency records, accounts.
-- Every table carries organization_id (the organizations table is the tenant itself: its id is it).

create table organizations (
  id uuid primary key,
  organization_id uuid not null generated always as (id) stored,
  slug text not null unique,
  name text not null,
  country char(2) not null,
  currency char(3) not null,
  timezone text not null,
  created_at timestamptz not null,
  updated_at timestamptz not null
);

create table api_tokens (
  organization_id uuid not null references organizations (id),
  id uuid not null,
  name text not null,
  scope text not null check (scope in ('full', 'read', 'partner', 'import')),
  token_hash char(64) not null unique,
  token_prefix text not null,
  created_at timestamptz not null,
  revoked_at timestamptz,
  primary key (organization_id, id),
  unique (id)
);

create table audit_log (
  organization_id uuid not null references organizations (id),
  id uuid not null,
  occurred_at timestamptz not null,
  token_id uuid,
  client_system text,
  user_name text,
  request_id text,
  action text not null,
  entity_type text not null,
  entity_id uuid not null,
  before jsonb,
  after jsonb,
  primary key (organization_id, id)
);
create index audit_log_by_time on audit_log (organization_id, occurred_at, id);
create index audit_log_by_entity on audit_log (organization_id, entity_id);

create table outbox_events (
  organization_id uuid not null references organizations (id),
  id uuid not null,
  type text not null,
  entity_type text not null,
  entity_id uuid not null,
  payload jsonb not null,
  occurred_at timestamptz not null,
  delivered_at timestamptz,
  primary key (organization_id, id)
);
create index outbox_events_undelivered on outbox_events (occurred_at) where delivered_at is null;

create table idempotency_keys (
  organization_id uuid not null references organizations (id),
  key text not null,
  fingerprint char(64) not null,
  status_code integer,
  response_body text,
  response_type text,
  created_at timestamptz not null,
  expires_at timestamptz not null,
  primary key (organization_id, key)
);

create table accounts (
  organization_id uuid not null references organizations (id),
  id uuid not null,
  code text not null,
  name text not null,
  email text not null,
  type text not null check (type in ('company', 'person')),
  legal_address text,
  legal_zipcode text,
  legal_city text,
  legal_country char(2) not null,
  vat_number text,
  language text not null check (language in ('da', 'sv', 'de', 'en')),
  currency char(3) not null,
  phone text,
  invoice_email text,
  national_id text,
  created_at timestamptz not null,
  updated_at timestamptz not null,
  archived_at timestamptz,
  primary key (organization_id, id),
  unique (organization_id, code)
);
create index accounts_by_created on accounts (organization_id, created_at, id);
