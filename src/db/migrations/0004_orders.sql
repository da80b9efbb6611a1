-- Orders: a priced change, previewed, then committed (and, where the organization says so, approved).

alter table organizations add column order_approval_required boolean not null default false;

create table orders (
  organization_id uuid not null references organizations (id),
  id uuid not null,
  type text not null check (type in ('new_subscription', 'change_terms', 'change_quantity', 'add_component', 'remove_component', 'one_off')),
  status text not null check (status in ('preview', 'pending_approval', 'committed', 'declined', 'expired')),
  account_id uuid not null,
  subscription_id uuid,
  -- the order as asked for, validated; commit carries out exactly this
  request jsonb not null,
  currency char(3) not null,
  effective_date date not null,
  -- the priced preview as answered: lines, VAT per rate, totals
  preview jsonb not null,
  total bigint not null,
  -- the subscription as it was when previewed: a commit after it changed is refused
  subscription_version timestamptz,
  expires_at timestamptz not null,
  committed_at timestamptz,
  decided_at timestamptz,
  created_at timestamptz not null,
  updated_at timestamptz not null,
  primary key (organization_id, id),
  foreign key (organization_id, account_id) references accounts (organization_id, id),
  foreign key (organization_id, subscription_id) references subscriptions (organization_id, id)
);
create index orders_by_created on orders (organization_id, created_at, id);

-- The one-off charges and credits a committed order leaves for the next invoice: prorations of a
-- change within a period, and one-off purchases. The billing run takes each exactly once.
create table order_lines (
  organization_id uuid not null references organizations (id),
  id uuid not null,
  order_id uuid not null,
  account_id uuid not null,
  subscription_id uuid,
  line_no integer not null,
  kind text not null check (kind in ('charge', 'credit')),
  description text not null,
  period_start date,
  period_end date,
  quantity numeric(18, 4) not null,
  unit_price numeric(18, 6) not null,
  currency char(3) not null,
  -- minor units, VAT excluded; negative for a credit
  amount bigint not null,
  discount bigint not null,
  vat_rate numeric(6, 3) not null,
  billed_at timestamptz,
  created_at timestamptz not null,
  primary key (organization_id, id),
  unique (organization_id, order_id, line_no),
  foreign key (organization_id, order_id) references orders (organization_id, id)
);
create index order_lines_unbilled on order_lines (organization_id, account_id) where billed_at is null;
