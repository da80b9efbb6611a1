-- Metered usage and one-off rated items: what the billing run adds to recurring fees.

create table usage_records (
  organization_id uuid not null references organizations (id),
  id uuid not null,
  subscription_id uuid not null,
  component_id uuid not null,
  -- the client's id of the event: unique per organization, so a retried batch never counts twice
  event_id text not null,
  quantity numeric(20, 6) not null,
  occurred_at timestamptz not null,
  -- what unique_count counts: distinct values of this key
  unique_key text,
  properties jsonb,
  created_at timestamptz not null,
  -- set by the billing run; a record arriving for a period already billed is billed late, marked so
  billed_at timestamptz,
  draft_id uuid,
  late boolean not null default false,
  primary key (organization_id, id),
  unique (organization_id, event_id),
  foreign key (organization_id, subscription_id) references subscriptions (organization_id, id),
  foreign key (organization_id, component_id) references components (organization_id, id)
);
create index usage_records_unbilled on usage_records (organization_id, subscription_id, component_id, occurred_at) where billed_at is null;
create index usage_records_by_subscription on usage_records (organization_id, subscription_id, occurred_at);

create table rated_items (
  organization_id uuid not null references organizations (id),
  id uuid not null,
  subscription_id uuid not null,
  account_id uuid not null,
  description text not null,
  quantity numeric(18, 4) not null,
  unit_price numeric(18, 6) not null,
  currency char(3) not null,
  tax_category_id uuid,
  created_at timestamptz not null,
  billed_at timestamptz,
  draft_id uuid,
  primary key (organization_id, id),
  foreign key (organization_id, subscription_id) references subscriptions (organization_id, id),
  foreign key (organization_id, tax_category_id) references tax_categories (organization_id, id)
);
create index rated_items_unbilled on rated_items (organization_id, subscription_id) where billed_at is null;
