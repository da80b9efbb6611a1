import { Decimal } from 'decimal.js';
import type { Tx } from '../db/transaction.ts';
import { lockUnbilledOrderLines, markOrderLinesBilled } from '../orders/unbilled-order-lines.ts';
import type { Charge } from './subscription-charges.ts';
import { writeCharges } from './write-charges.ts';

/**
 * Moves one batch of committed orders' one-off lines (prorations, punch cards) onto drafts, each once.
 * Answers how many lines it took; 0 when none are left.
 */
export async function billOrderLines(
  tx: Tx,
  organizationId: string,
  createdBefore: Date,
  now: Date,
  limit = 2000,
): Promise<number> {
  const lines = await lockUnbilledOrderLines(tx, organizationId, createdBefore, limit);
  if (lines.length === 0) return 0;
  const charges: Charge[] = lines.map((line) => ({
    accountId: line.account_id,
    currency: line.currency,
    subscriptionId: line.subscription_id,
    chargeKey: `o:${line.id}`,
    source: 'order' as Charge['source'],
    description: line.description,
    periodStart: line.period_start,
    periodEnd: line.period_end,
    quantity: new Decimal(line.quantity),
    unitPrice: new Decimal(line.unit_price),
    discount: Number(line.discount),
    amount: Number(line.amount),
    vatRate: new Decimal(line.vat_rate),
    late: false,
  }));
  await writeCharges(tx, organizationId, charges, now);
  await markOrderLinesBilled(
    tx,
    organizationId,
    lines.map((l) => l.id),
    now,
  );
  return lines.length;
}
