-- The billing run: invoice drafts and their lines, each charge written once, and the runs themselves.

create table billing_runs (
  organization_id uuid not null references organizations (id),
  id uuid not null,
  billing_date date not null,
  status text not null check (status in ('running', 'done', 'failed')),
  subscriptions_total integer not null default 0,
  subscriptions_done integer not null default 0,
  lines_created integer not null default 0,
  drafts_touched integer not null default 0,
  -- set once the run has queued all its batches (job mode)
  batches_total integer,
  error text,
  started_at timestamptz not null,
  finished_at timestamptz,
  primary key (organization_id, id)
);

-- The batches of a run done by workers, each recorded once with what it did, in the batch's own
-- transaction: a batch job retried after a crash counts once.
create table billing_run_batches (
  organization_id uuid not null references organizations (id),
  run_id uuid not null,
  batch_no integer not null,
  subscriptions integer not null,
  lines integer not null,
  done_at timestamptz not null,
  primary key (organization_id, run_id, batch_no)
);

-- How far each subscription is billed: recurring periods starting before next_period_from are billed
-- (in advance), and usage before usage_from (in arrears). Charge keys are what makes a charge once;
-- these only spare the run from looking at the past again.
create table subscription_billing (
  organization_id uuid not null references organizations (id),
  subscription_id uuid not null,
  next_period_from date,
  usage_from date,
  updated_at timestamptz not null,
  primary key (organization_id, subscription_id)
);

create table invoice_drafts (
  organization_id uuid not null references organizations (id),
  id uuid not null,
  account_id uuid not null,
  currency char(3) not null,
  status text not null check (status in ('draft', 'sent')),
  created_at timestamptz not null,
  updated_at timestamptz not null,
  primary key (organization_id, id),
  foreign key (organization_id, account_id) references accounts (organization_id, id)
);
-- One open draft per account and currency: every run adds to it until it is sent.
create unique index invoice_drafts_open on invoice_drafts (organization_id, account_id, currency) where status = 'draft';
create index invoice_drafts_by_created on invoice_drafts (organization_id, created_at, id);

create table invoice_draft_lines (
  organization_id uuid not null references organizations (id),
  id uuid not null,
  draft_id uuid not null,
  subscription_id uuid,
  -- what was charged, once: r:<subscription>:<period start>, c:<subscription component>:<period start>,
  -- u:<subscription>:<component>:<period start>, i:<rated item>, o:<order line>, m:<manual line id>
  charge_key text not null,
  source text not null check (source in ('recurring', 'component', 'usage', 'rated_item', 'order', 'manual')),
  description text not null,
  period_start date,
  period_end date,
  quantity numeric(20, 6) not null,
  unit_price numeric(20, 6) not null,
  discount bigint not null,
  amount bigint not null,
  vat_rate numeric(6, 3) not null,
  late boolean not null default false,
  created_at timestamptz not null,
  removed_at timestamptz,
  primary key (organization_id, id),
  unique (organization_id, charge_key),
  foreign key (organization_id, draft_id) references invoice_drafts (organization_id, id)
);
create index invoice_draft_lines_by_draft on invoice_draft_lines (organization_id, draft_id);
