-- Exports for BI: the last change of every exported record, so that an incremental export finds what
-- changed (deletions too) by an index range instead of comparing timestamps.
--
-- change_xid is the writing transaction's id. An export reads only changes below the oldest
-- transaction still running (pg_snapshot_xmin): those are all committed or rolled back, so no change
-- can later appear behind the export's cursor, whatever the commit order of concurrent writers.

create table export_changes (
  organization_id uuid not null references organizations (id),
  -- the record's family: accounts, subscriptions, invoices (credit notes too), payments, usage
  resource text not null,
  entity_id uuid not null,
  -- upsert: the record was made or changed (or something it holds: a phase, a line, an allocation);
  -- delete: the record is gone
  op text not null check (op in ('upsert', 'delete')),
  change_xid xid8 not null,
  primary key (organization_id, resource, entity_id)
);
create index export_changes_by_change on export_changes (organization_id, resource, change_xid, entity_id);

-- Statement-level triggers with transition tables: one insert per statement, however many rows.
-- Arguments: the resource, the column holding the record's id, and 'own' when a DELETE of these rows
-- deletes the record itself (not a part of it).
create function kassa_export_change() returns trigger language plpgsql as $$
declare
  rows_table text := case when tg_op = 'DELETE' then 'old_rows' else 'new_rows' end;
  change_op text := case when tg_op = 'DELETE' and tg_argv[2] = 'own' then 'delete' else 'upsert' end;
begin
  execute format(
    'insert into export_changes (organization_id, resource, entity_id, op, change_xid)
       select distinct organization_id, $1, %1$I, $2, pg_current_xact_id() from %2$I where %1$I is not null
     on conflict (organization_id, resource, entity_id)
       do update set op = excluded.op, change_xid = excluded.change_xid',
    tg_argv[1], rows_table)
  using tg_argv[0], change_op;
  return null;
end $$;

create trigger accounts_export_insert after insert on accounts referencing new table as new_rows
  for each statement execute function kassa_export_change('accounts', 'id', 'own');
create trigger accounts_export_update after update on accounts referencing new table as new_rows
  for each statement execute function kassa_export_change('accounts', 'id', 'own');
create trigger accounts_export_delete after delete on accounts referencing old table as old_rows
  for each statement execute function kassa_export_change('accounts', 'id', 'own');

create trigger subscriptions_export_insert after insert on subscriptions referencing new table as new_rows
  for each statement execute function kassa_export_change('subscriptions', 'id', 'own');
create trigger subscriptions_export_update after update on subscriptions referencing new table as new_rows
  for each statement execute function kassa_export_change('subscriptions', 'id', 'own');
create trigger subscriptions_export_delete after delete on subscriptions referencing old table as old_rows
  for each statement execute function kassa_export_change('subscriptions', 'id', 'own');

create trigger subscription_phases_export_insert after insert on subscription_phases referencing new table as new_rows
  for each statement execute function kassa_export_change('subscriptions', 'subscription_id', 'part');
create trigger subscription_phases_export_update after update on subscription_phases referencing new table as new_rows
  for each statement execute function kassa_export_change('subscriptions', 'subscription_id', 'part');
create trigger subscription_phases_export_delete after delete on subscription_phases referencing old table as old_rows
  for each statement execute function kassa_export_change('subscriptions', 'subscription_id', 'part');

create trigger subscription_components_export_insert after insert on subscription_components referencing new table as new_rows
  for each statement execute function kassa_export_change('subscriptions', 'subscription_id', 'part');
create trigger subscription_components_export_update after update on subscription_components referencing new table as new_rows
  for each statement execute function kassa_export_change('subscriptions', 'subscription_id', 'part');
create trigger subscription_components_export_delete after delete on subscription_components referencing old table as old_rows
  for each statement execute function kassa_export_change('subscriptions', 'subscription_id', 'part');

create trigger invoices_export_insert after insert on invoices referencing new table as new_rows
  for each statement execute function kassa_export_change('invoices', 'id', 'own');
create trigger invoices_export_update after update on invoices referencing new table as new_rows
  for each statement execute function kassa_export_change('invoices', 'id', 'own');
create trigger invoices_export_delete after delete on invoices referencing old table as old_rows
  for each statement execute function kassa_export_change('invoices', 'id', 'own');

create trigger invoice_lines_export_insert after insert on invoice_lines referencing new table as new_rows
  for each statement execute function kassa_export_change('invoices', 'invoice_id', 'part');
create trigger invoice_lines_export_update after update on invoice_lines referencing new table as new_rows
  for each statement execute function kassa_export_change('invoices', 'invoice_id', 'part');
create trigger invoice_lines_export_delete after delete on invoice_lines referencing old table as old_rows
  for each statement execute function kassa_export_change('invoices', 'invoice_id', 'part');

create trigger payments_export_insert after insert on payments referencing new table as new_rows
  for each statement execute function kassa_export_change('payments', 'id', 'own');
create trigger payments_export_update after update on payments referencing new table as new_rows
  for each statement execute function kassa_export_change('payments', 'id', 'own');
create trigger payments_export_delete after delete on payments referencing old table as old_rows
  for each statement execute function kassa_export_change('payments', 'id', 'own');

create trigger payment_allocations_export_insert after insert on payment_allocations referencing new table as new_rows
  for each statement execute function kassa_export_change('payments', 'payment_id', 'part');
create trigger payment_allocations_export_update after update on payment_allocations referencing new table as new_rows
  for each statement execute function kassa_export_change('payments', 'payment_id', 'part');
create trigger payment_allocations_export_delete after delete on payment_allocations referencing old table as old_rows
  for each statement execute function kassa_export_change('payments', 'payment_id', 'part');
create index payment_allocations_by_payment on payment_allocations (organization_id, payment_id) where payment_id is not null;

create trigger usage_records_export_insert after insert on usage_records referencing new table as new_rows
  for each statement execute function kassa_export_change('usage', 'id', 'own');
create trigger usage_records_export_update after update on usage_records referencing new table as new_rows
  for each statement execute function kassa_export_change('usage', 'id', 'own');
create trigger usage_records_export_delete after delete on usage_records referencing old table as old_rows
  for each statement execute function kassa_export_change('usage', 'id', 'own');

-- What exists already: one change each, in this migration's transaction.
insert into export_changes (organization_id, resource, entity_id, op, change_xid)
  select organization_id, 'accounts', id, 'upsert', pg_current_xact_id() from accounts
  union all select organization_id, 'subscriptions', id, 'upsert', pg_current_xact_id() from subscriptions
  union all select organization_id, 'invoices', id, 'upsert', pg_current_xact_id() from invoices
  union all select organization_id, 'payments', id, 'upsert', pg_current_xact_id() from payments
  union all select organization_id, 'usage', id, 'upsert', pg_current_xact_id() from usage_records;
