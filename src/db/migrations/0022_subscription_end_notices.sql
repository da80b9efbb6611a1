-- Time-based events: a subscription's end passes without a change of its own, so the daily job writes
-- `subscription.ended` when it notices it. A notice per subscription and end date makes that event
-- once, whichever worker notices it first (insert ... on conflict do nothing); an end moved later and
-- passed again is a new notice.
create table subscription_end_notices (
  organization_id uuid not null references organizations (id),
  subscription_id uuid not null,
  end_date date not null,
  noticed_at timestamptz not null,
  primary key (organization_id, subscription_id, end_date),
  foreign key (organization_id, subscription_id) references subscriptions (organization_id, id)
);

-- Ends that passed before this migration were known already: no event for them.
insert into subscription_end_notices (organization_id, subscription_id, end_date, noticed_at)
select organization_id, id, end_date, now() from subscriptions where end_date is not null and end_date <= current_date;
