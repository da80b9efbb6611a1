import { z } from 'zod';
import type { Db, Tx } from '../db/transaction.ts';
import { formatMinorUnits } from '../domain/money.ts';
import { instant, isoInstant } from '../http/common-schemas.ts';
import { invoiceBalance } from '../invoices/invoice-view.ts';
import { partnerOrderExample } from './partner-examples.ts';

export const partnerOrderSchema = z
  .object({
    uuid: z.uuid(),
    number: z.string(),
    origin: z.string(),
    account: z.uuid(),
    employer: z.uuid().nullable(),
    business_unit: z.uuid(),
    products: z.array(z.uuid()),
    subscriptions: z.array(z.uuid()),
    invoice: z.object({
      uuid: z.uuid(),
      number: z.string(),
      payment_reference: z.string().nullable(),
      total: z.string(),
      balance: z.string(),
      currency: z.string().describe('ISO 4217, e.g. SEK'),
      status: z.string().describe('paid once the partner has paid the invoice'),
    }),
    created_date: instant,
  })
  .meta({ id: 'PartnerOrder', examples: [partnerOrderExample] });
export type PartnerOrderView = z.output<typeof partnerOrderSchema>;

/** Partner orders joined to their invoices, of one organization. */
export function partnerOrdersQuery(db: Db | Tx, organizationId: string) {
  return db
    .selectFrom('partner_orders as p')
    .innerJoin('invoices as i', (join) =>
      join.onRef('i.organization_id', '=', 'p.organization_id').onRef('i.id', '=', 'p.invoice_id'),
    )
    .where('p.organization_id', '=', organizationId);
}

export const PARTNER_ORDER_COLUMNS = [
  'p.id',
  'p.number',
  'p.origin',
  'p.account_id',
  'p.employer_account_id',
  'p.business_unit_id',
  'p.plan_terms_ids',
  'p.subscription_ids',
  'p.created_at',
  'i.id as invoice_id',
  'i.number as invoice_number',
  'i.payment_reference',
  'i.total_amount',
  'i.paid_amount',
  'i.credited_amount',
  'i.currency',
  'i.status',
] as const;

type PartnerOrderRow = Awaited<
  ReturnType<ReturnType<ReturnType<typeof partnerOrdersQuery>['select']>['executeTakeFirstOrThrow']>
>;

export function partnerOrderView(r: PartnerOrderRow): PartnerOrderView {
  return {
    uuid: r.id,
    number: r.number,
    origin: r.origin,
    account: r.account_id,
    employer: r.employer_account_id,
    business_unit: r.business_unit_id,
    products: r.plan_terms_ids,
    subscriptions: r.subscription_ids,
    invoice: {
      uuid: r.invoice_id,
      number: r.invoice_number,
      payment_reference: r.payment_reference,
      total: formatMinorUnits(Number(r.total_amount), r.currency),
      balance: formatMinorUnits(invoiceBalance(r), r.currency),
      currency: r.currency,
      status: r.status,
    },
    created_date: isoInstant(r.created_at)!,
  };
}

/** One partner order with its invoice, by its number. */
export async function findPartnerOrder(
  db: Db | Tx,
  organizationId: string,
  number: string,
): Promise<PartnerOrderView | undefined> {
  const row = await partnerOrdersQuery(db, organizationId)
    .select(PARTNER_ORDER_COLUMNS)
    .where('p.number', '=', number)
    .executeTakeFirst();
  return row ? partnerOrderView(row) : undefined;
}
