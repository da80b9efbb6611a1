-- Exchange rates an organization sets, so that its metrics can add up every currency in its own
-- (docs/metrics.md, "Currency conversion"). A rate is the price of one unit of `currency` in the
-- organization's currency, in force from `valid_from` through the day before the currency's next rate.

create table exchange_rates (
  organization_id uuid not null references organizations (id),
  id uuid not null,
  currency text not null check (currency ~ '^[A-Z]{3}$'),
  valid_from date not null,
  rate numeric(24, 12) not null check (rate > 0),
  created_at timestamptz not null,
  updated_at timestamptz not null,
  primary key (organization_id, id),
  unique (organization_id, currency, valid_from)
);
