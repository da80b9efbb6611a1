-- Billing usage without writing to every record (issue 4's throughput). A record that arrives on time
-- is billed once its subscription's usage watermark has passed it: usage_before is the instant before
-- which on-time usage is billed (the start of usage_from in the organization's time zone, frozen when
-- billed). A record that arrives for a period already billed is marked late when it is recorded, under
-- a lock that the billing run's own excludes, and only late records get billed_at and draft_id.
alter table subscription_billing add column usage_before timestamptz;
update subscription_billing b set usage_before = (b.usage_from::timestamp at time zone o.timezone)
from organizations o where o.id = b.organization_id and b.usage_from is not null;

-- Unbilled records already behind the watermark would have been billed late by the next run: mark them so.
update usage_records u set late = true
from subscription_billing b
where b.organization_id = u.organization_id and b.subscription_id = u.subscription_id
  and u.billed_at is null and u.occurred_at < b.usage_before;

drop index usage_records_unbilled;
create index usage_records_late_unbilled on usage_records (organization_id, subscription_id) where late and billed_at is null;

-- A tenant row's organization is already guaranteed by its composite foreign key (organization_id, …)
-- to a parent of the same organization. The direct reference to organizations costs a check per row
-- on the tables the billing run and usage ingest write most: they keep only the composite ones.
alter table usage_records drop constraint usage_records_organization_id_fkey;
alter table invoice_drafts drop constraint invoice_drafts_organization_id_fkey;
alter table invoice_draft_lines drop constraint invoice_draft_lines_organization_id_fkey;

-- A draft line's draft is held by the billing run's lock, not by a per-line foreign key check: the run
-- locks each open draft FOR KEY SHARE and checks its status again before writing lines onto it, and
-- sending a draft or moving a partner order off it lock the draft FOR UPDATE (src/billing/write-charges.ts).
-- The per-line check took two thirds of the time of writing a line, and it let a line onto a draft sent
-- meanwhile, which the lock does not.
alter table invoice_draft_lines drop constraint invoice_draft_lines_organization_id_draft_id_fkey;

-- Keys compared byte by byte: a charge key or event id is an identifier, not text to sort for people,
-- and the database's default collation compares through the C library at several times the cost on
-- every insert into their unique indexes.
alter table invoice_draft_lines alter column charge_key type text collate "C";
alter table usage_records alter column event_id type text collate "C";

-- The watermarks are written by the billing run only, for subscriptions it holds locked; their
-- organization's foreign key was a check per row of every batch.
alter table subscription_billing drop constraint subscription_billing_organization_id_fkey;
