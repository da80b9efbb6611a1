-- Partner orders over XML and imports from a leading system: business units, which units may sell
-- which plan terms, partner settings, partner orders, imported orders and the import log.

create table business_units (
  organization_id uuid not null references organizations (id),
  id uuid not null,
  -- the unit's id as partners know it: <businessunit><id> of partner XML
  code text not null,
  name text not null,
  created_at timestamptz not null,
  updated_at timestamptz not null,
  archived_at timestamptz,
  primary key (organization_id, id),
  unique (organization_id, code)
);

-- null: the terms may be bought in every unit
alter table plan_terms add column business_unit_ids uuid[];

-- Customer numbers for people a partner brings, and partner order numbers: gapless series too.
alter table number_series drop constraint number_series_series_check;
alter table number_series add constraint number_series_series_check
  check (series in ('invoice', 'credit_note', 'customer', 'partner_order'));

-- What a partner may sell, per organization and origin (<origin>flexpay</origin>).
create table partner_settings (
  organization_id uuid not null references organizations (id),
  id uuid not null,
  origin text not null,
  -- plan terms the partner may sell; empty: none
  plan_terms_ids uuid[] not null,
  -- units the partner may sell in; null: every unit
  business_unit_ids uuid[],
  payment_terms_days integer check (payment_terms_days between 0 and 365),
  confirmation_email boolean not null default false,
  mark text,
  created_at timestamptz not null,
  updated_at timestamptz not null,
  primary key (organization_id, id),
  unique (organization_id, origin)
);

create table partner_orders (
  organization_id uuid not null references organizations (id),
  id uuid not null,
  number text not null,
  origin text not null,
  account_id uuid not null,
  employer_account_id uuid,
  business_unit_id uuid not null,
  invoice_id uuid not null,
  -- the products ordered, in the order of the request's items
  plan_terms_ids uuid[] not null,
  subscription_ids uuid[] not null,
  request_xml text not null,
  created_at timestamptz not null,
  primary key (organization_id, id),
  unique (organization_id, number)
);
create index partner_orders_by_created on partner_orders (organization_id, created_at, id);

-- Orders a leading system owns: one row per external id, the subscription it made.
create table imported_orders (
  organization_id uuid not null references organizations (id),
  id uuid not null,
  external_system_id text not null,
  account_id uuid not null,
  plan_terms_id uuid not null,
  subscription_id uuid not null,
  -- the last request that changed it, to tell a replay (nothing to do) from an update
  last_request jsonb not null,
  created_at timestamptz not null,
  updated_at timestamptz not null,
  primary key (organization_id, id),
  unique (organization_id, external_system_id)
);

create table import_log (
  organization_id uuid not null references organizations (id),
  id uuid not null,
  external_system_id text,
  source text not null check (source in ('api', 'file')),
  outcome text not null check (outcome in ('created', 'updated', 'unchanged', 'refused')),
  request jsonb not null,
  result jsonb,
  error jsonb,
  created_at timestamptz not null,
  primary key (organization_id, id)
);
create index import_log_by_created on import_log (organization_id, created_at, id);
create index import_log_by_external_id on import_log (organization_id, external_system_id);

-- How an invoice reaches its payer: e-mailed to the buyer, or answered to the partner who pays it.
alter table invoices add column delivery text not null default 'email' check (delivery in ('email', 'partner'));

-- A partner order is invoiced on a draft of its own, never with the person's other charges: the
-- account's one open draft is the one without a partner order.
alter table invoice_drafts add column partner_order_id uuid;
drop index invoice_drafts_open;
create unique index invoice_drafts_open on invoice_drafts (organization_id, account_id, currency)
  where status = 'draft' and partner_order_id is null;

-- A price of the subscription's own (an import's price override) instead of its plan terms' price;
-- null: the terms' price.
alter table subscription_phases add column unit_price numeric(18, 4) check (unit_price >= 0);
