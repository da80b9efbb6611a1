-- Contracts (negotiated pricing with discount tiers) and subscriptions with their components.

create table contracts (
  organization_id uuid not null references organizations (id),
  id uuid not null,
  account_id uuid not null,
  plan_terms_id uuid not null,
  start_date date not null,
  -- inclusive, as in the seed: valid through this day; null: open-ended
  end_date date,
  created_at timestamptz not null,
  updated_at timestamptz not null,
  primary key (organization_id, id),
  foreign key (organization_id, account_id) references accounts (organization_id, id),
  foreign key (organization_id, plan_terms_id) references plan_terms (organization_id, id),
  check (end_date is null or end_date >= start_date)
);
create index contracts_by_account on contracts (organization_id, account_id, plan_terms_id);

create table contract_tiers (
  organization_id uuid not null references organizations (id),
  id uuid not null,
  contract_id uuid not null,
  minimum_quantity integer not null check (minimum_quantity >= 1),
  discount numeric(18, 4) not null check (discount >= 0),
  discount_type text not null check (discount_type in ('percentage', 'amount')),
  created_at timestamptz not null,
  primary key (organization_id, id),
  unique (organization_id, contract_id, minimum_quantity),
  foreign key (organization_id, contract_id) references contracts (organization_id, id) on delete cascade,
  check (discount_type <> 'percentage' or discount <= 100)
);

create table subscriptions (
  organization_id uuid not null references organizations (id),
  id uuid not null,
  account_id uuid not null,
  collection_method text not null check (collection_method in ('card', 'invoice')),
  start_date date not null,
  -- exclusive: the first day after the trial; null without a trial
  trial_end date,
  -- exclusive: the first day without service; null while it runs on
  end_date date,
  notice_date date,
  -- the leading system's id, for imported subscriptions
  external_id text,
  created_at timestamptz not null,
  updated_at timestamptz not null,
  primary key (organization_id, id),
  unique (organization_id, external_id),
  foreign key (organization_id, account_id) references accounts (organization_id, id),
  check (trial_end is null or trial_end > start_date),
  check (end_date is null or end_date > start_date)
);
create index subscriptions_by_account on subscriptions (organization_id, account_id);
create index subscriptions_by_created on subscriptions (organization_id, created_at, id);

-- What a subscription is on, over time: each phase a plan terms and a quantity, from its start to the
-- next phase's. Up- and downgrades and quantity changes end a phase and begin the next; nothing is
-- overwritten, so every past period can be billed and explained as it was.
create table subscription_phases (
  organization_id uuid not null references organizations (id),
  id uuid not null,
  subscription_id uuid not null,
  plan_terms_id uuid not null,
  quantity integer not null check (quantity between 1 and 1000000),
  start_date date not null,
  -- exclusive; null: runs on
  end_date date,
  -- billing periods of this phase start on this date's day (clamped at month end)
  anchor_date date not null,
  order_id uuid,
  created_at timestamptz not null,
  primary key (organization_id, id),
  unique (organization_id, subscription_id, start_date),
  foreign key (organization_id, subscription_id) references subscriptions (organization_id, id),
  foreign key (organization_id, plan_terms_id) references plan_terms (organization_id, id),
  check (end_date is null or end_date > start_date)
);
create index subscription_phases_by_terms on subscription_phases (organization_id, plan_terms_id);

create table subscription_components (
  organization_id uuid not null references organizations (id),
  id uuid not null,
  subscription_id uuid not null,
  component_id uuid not null,
  -- recurring components: how many; metered: null (usage decides)
  quantity integer check (quantity between 1 and 1000000),
  start_date date not null,
  end_date date,
  created_at timestamptz not null,
  updated_at timestamptz not null,
  primary key (organization_id, id),
  foreign key (organization_id, subscription_id) references subscriptions (organization_id, id),
  foreign key (organization_id, component_id) references components (organization_id, id),
  check (end_date is null or end_date > start_date)
);
create index subscription_components_by_subscription on subscription_components (organization_id, subscription_id);
