-- Every sort a list offers (`ordering`) and every search box is served by an index, so that a list of
-- 100,000 rows answers its first page as fast as one of 50 (issue 15; docs/architecture.md, "Lists and
-- their indexes"). Each sort index ends in id: the keyset pages order and compare (column, id).

-- Accounts: by name (code has its unique index); by account for the account page's tabs below.
create index accounts_by_name on accounts (organization_id, name, id);
-- Subscriptions: by start date.
create index subscriptions_by_start on subscriptions (organization_id, start_date, id);
-- Invoices and credit notes (one table, by kind): by issue date, total, and an account's own.
create index invoices_by_issue_date on invoices (organization_id, kind, issue_date, id);
create index invoices_by_total on invoices (organization_id, kind, total_amount, id);
create index invoices_by_account on invoices (organization_id, account_id, kind, created_at, id);
-- Drafts: by last change, and an account's own.
create index invoice_drafts_by_updated on invoice_drafts (organization_id, updated_at, id);
create index invoice_drafts_by_account on invoice_drafts (organization_id, account_id, created_at, id);
-- Payments: by payment date, amount, and an account's own.
create index payments_by_date on payments (organization_id, payment_date, id);
create index payments_by_amount on payments (organization_id, amount, id);
create index payments_by_account on payments (organization_id, account_id, created_at, id) where account_id is not null;
-- Orders: by effective date, total, and an account's own.
create index orders_by_effective_date on orders (organization_id, effective_date, id);
create index orders_by_total on orders (organization_id, total, id);
create index orders_by_account on orders (organization_id, account_id, created_at, id);
-- A subscription's usage in the order it was recorded.
create index usage_records_by_created on usage_records (organization_id, subscription_id, created_at, id);

-- The accounts' search box (a part of the code, name, e-mail or VAT number, any case: `ilike '%…%'`)
-- by trigrams, where pg_trgm can be had: PGlite loads it (src/db/database.ts), PostgreSQL ships it in
-- contrib and lets a database's owner create it (a trusted extension). Without it the search still
-- answers, by reading the organization's accounts.
do $$
begin
  begin
    create extension if not exists pg_trgm;
  exception when others then
    raise notice 'pg_trgm is not available (%): searches read the rows', sqlerrm;
  end;
  if exists (select from pg_extension where extname = 'pg_trgm') then
    -- One index a column: the planner ORs their bitmaps (one index of four columns it costs as too dear).
    -- No pending list (fastupdate off): PGlite has no autovacuum to empty it, and the planner prices
    -- a long one as dearer than reading the table.
    create index accounts_search_code on accounts using gin (code gin_trgm_ops) with (fastupdate = off);
    create index accounts_search_name on accounts using gin (name gin_trgm_ops) with (fastupdate = off);
    create index accounts_search_email on accounts using gin (email gin_trgm_ops) with (fastupdate = off);
    create index accounts_search_vat_number on accounts using gin (vat_number gin_trgm_ops) with (fastupdate = off);
  end if;
end
$$;
