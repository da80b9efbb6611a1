-- Catalog: what is sold. Nothing here is ever deleted; DELETE archives (archived_at).

create table tax_categories (
  organization_id uuid not null references organizations (id),
  id uuid not null,
  code text not null,
  name text not null,
  -- {"DK": "25", "DE": "7"}: percent per country; a country not named gets its standard rate.
  rates jsonb not null,
  created_at timestamptz not null,
  updated_at timestamptz not null,
  archived_at timestamptz,
  primary key (organization_id, id),
  unique (organization_id, code)
);

create table plan_groups (
  organization_id uuid not null references organizations (id),
  id uuid not null,
  code text not null,
  name text not null,
  description text,
  created_at timestamptz not null,
  updated_at timestamptz not null,
  archived_at timestamptz,
  primary key (organization_id, id),
  unique (organization_id, code)
);

create table plans (
  organization_id uuid not null references organizations (id),
  id uuid not null,
  code text not null,
  name text not null,
  description text,
  plan_group_id uuid,
  created_at timestamptz not null,
  updated_at timestamptz not null,
  archived_at timestamptz,
  primary key (organization_id, id),
  unique (organization_id, code),
  foreign key (organization_id, plan_group_id) references plan_groups (organization_id, id)
);

create table plan_terms (
  organization_id uuid not null references organizations (id),
  id uuid not null,
  plan_id uuid not null,
  code text,
  name text,
  price numeric(18, 4) not null check (price >= 0),
  currency char(3) not null,
  interval_unit text check (interval_unit in ('day', 'week', 'month', 'year')),
  interval_count integer check (interval_count between 1 and 1000),
  punch_card_entries integer check (punch_card_entries between 1 and 100000),
  minimum_term text,
  notice_period text,
  notice_rule text not null check (notice_rule in ('end_of_term', 'end_of_month')),
  trial_days integer not null check (trial_days between 0 and 1000),
  externally_managed boolean not null,
  tax_category_id uuid,
  created_at timestamptz not null,
  updated_at timestamptz not null,
  archived_at timestamptz,
  primary key (organization_id, id),
  unique (organization_id, code),
  foreign key (organization_id, plan_id) references plans (organization_id, id),
  foreign key (organization_id, tax_category_id) references tax_categories (organization_id, id),
  -- Recurring terms have an interval; one-off punch cards a number of entries instead.
  check ((interval_unit is null) = (interval_count is null)),
  check ((interval_unit is null) <> (punch_card_entries is null))
);
create index plan_terms_by_plan on plan_terms (organization_id, plan_id);

create table components (
  organization_id uuid not null references organizations (id),
  id uuid not null,
  code text not null,
  name text not null,
  kind text not null check (kind in ('recurring', 'metered')),
  plan_id uuid,
  currency char(3) not null,
  -- recurring: the price per unit and period; metered: null (the price model prices usage)
  price numeric(18, 4) check (price >= 0),
  price_model jsonb,
  aggregation text check (aggregation in ('sum', 'max', 'count', 'unique_count', 'last')),
  unit_name text,
  tax_category_id uuid,
  created_at timestamptz not null,
  updated_at timestamptz not null,
  archived_at timestamptz,
  primary key (organization_id, id),
  unique (organization_id, code),
  foreign key (organization_id, plan_id) references plans (organization_id, id),
  foreign key (organization_id, tax_category_id) references tax_categories (organization_id, id),
  check ((kind = 'recurring') = (price is not null)),
  check ((kind = 'metered') = (price_model is not null and aggregation is not null))
);
