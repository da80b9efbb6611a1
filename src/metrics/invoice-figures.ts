import { sql } from 'kysely';
import type { Db } from '../db/transaction.ts';
import type { OpenItem } from '../domain/receivables.ts';

/**
 * What each invoice issued by a day still owed at its close: its total less the payments and account
 * credit allocated to it by then (a payment counts on its payment date, credit on the day it was
 * used) and the credit notes issued against it by then. Computed from the records, never from the
 * invoice's current status, so any past day can be asked.
 */
export async function openItemsOn(
  db: Db,
  organizationId: string,
  day: string,
  timeZone: string,
): Promise<OpenItem[]> {
  const result = await sql<{
    id: string;
    account_id: string;
    currency: string;
    due: string;
    outstanding: string;
  }>`
    with paid as (
      select a.invoice_id, sum(a.amount) as amount
      from payment_allocations a
      left join payments p on p.organization_id = a.organization_id and p.id = a.payment_id
      where a.organization_id = ${organizationId}
        and coalesce(p.payment_date, (a.created_at at time zone ${timeZone})::date) <= ${day}::date
      group by a.invoice_id
    ), credited as (
      select credited_invoice_id as invoice_id, sum(total_amount) as amount
      from invoices
      where organization_id = ${organizationId} and kind = 'credit_note' and issue_date <= ${day}::date
      group by credited_invoice_id
    )
    select i.id, i.account_id, i.currency, to_char(coalesce(i.due_date, i.issue_date), 'YYYY-MM-DD') as due,
      i.total_amount - coalesce(paid.amount, 0) - coalesce(credited.amount, 0) as outstanding
    from invoices i
    left join paid on paid.invoice_id = i.id
    left join credited on credited.invoice_id = i.id
    where i.organization_id = ${organizationId} and i.kind = 'invoice' and i.issue_date <= ${day}::date
      and i.total_amount - coalesce(paid.amount, 0) - coalesce(credited.amount, 0) > 0
    order by i.issue_date, i.id`.execute(db);
  return result.rows.map((r) => ({
    invoice: r.id,
    account: r.account_id,
    currency: r.currency,
    due: r.due,
    outstanding: Number(r.outstanding),
  }));
}

export interface PeriodTotals {
  invoiced: number;
  credited: number;
  paid: number;
}

/**
 * Per currency, over the days from `from` through `to`: invoices issued (totals with VAT), credit
 * notes issued, and payments received (by payment date, matched or not).
 */
export async function invoiceTotals(
  db: Db,
  organizationId: string,
  from: string,
  to: string,
): Promise<Map<string, PeriodTotals>> {
  const [documents, payments] = await Promise.all([
    db
      .selectFrom('invoices')
      .select(['currency', 'kind', (eb) => eb.fn.sum<string>('total_amount').as('amount')])
      .where('organization_id', '=', organizationId)
      .where('issue_date', '>=', from)
      .where('issue_date', '<=', to)
      .groupBy(['currency', 'kind'])
      .execute(),
    db
      .selectFrom('payments')
      .select(['currency', (eb) => eb.fn.sum<string>('amount').as('amount')])
      .where('organization_id', '=', organizationId)
      .where('payment_date', '>=', from)
      .where('payment_date', '<=', to)
      .groupBy('currency')
      .execute(),
  ]);
  const totals = new Map<string, PeriodTotals>();
  const of = (currency: string) => {
    let t = totals.get(currency);
    if (!t) {
      t = { invoiced: 0, credited: 0, paid: 0 };
      totals.set(currency, t);
    }
    return t;
  };
  for (const d of documents)
    of(d.currency)[d.kind === 'invoice' ? 'invoiced' : 'credited'] += Number(d.amount);
  for (const p of payments) of(p.currency).paid += Number(p.amount);
  return totals;
}
