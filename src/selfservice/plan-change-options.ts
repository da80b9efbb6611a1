import { z } from 'zod';
import { priceText } from '../catalog/catalog-view.ts';
import type { Db, Tx } from '../db/transaction.ts';

export const planOptionSchema = z
  .object({
    uuid: z.uuid(),
    code: z.string().nullable(),
    name: z.string().nullable(),
    plan: z.object({ uuid: z.uuid(), name: z.string() }),
    price: z.string(),
    currency: z.string(),
    interval: z.string().nullable(),
    interval_count: z.number().int().nullable(),
    current: z.boolean().describe('The terms the subscription is on today'),
  })
  .meta({
    id: 'SelfServicePlanOption',
    examples: [
      {
        uuid: '01963d3c-5a6e-7b7f-8c9d-0e1f2a3b4c5d',
        code: 'GYM-Y',
        name: 'Yearly',
        plan: { uuid: '01963d3c-5a6e-7b7f-8c9d-0e1f2a3b4c5e', name: 'Gym' },
        price: '3990.00',
        currency: 'DKK',
        interval: 'year',
        interval_count: 1,
        current: false,
      },
    ],
  });
export type PlanOption = z.output<typeof planOptionSchema>;

/**
 * The plan terms a customer may move a subscription to in the portal, the current ones included:
 * live recurring terms in the subscription's currency, not externally managed, of the same plan or,
 * when that plan belongs to a plan group, of any live plan in the group. Cheapest first.
 */
export async function planChangeOptions(
  db: Db | Tx,
  organizationId: string,
  currentTermsId: string,
): Promise<PlanOption[]> {
  const current = await db
    .selectFrom('plan_terms as t')
    .innerJoin('plans as p', (join) =>
      join.onRef('p.organization_id', '=', 't.organization_id').onRef('p.id', '=', 't.plan_id'),
    )
    .select(['t.id', 't.plan_id', 't.currency', 'p.plan_group_id'])
    .where('t.organization_id', '=', organizationId)
    .where('t.id', '=', currentTermsId)
    .executeTakeFirstOrThrow();
  const rows = await db
    .selectFrom('plan_terms as t')
    .innerJoin('plans as p', (join) =>
      join.onRef('p.organization_id', '=', 't.organization_id').onRef('p.id', '=', 't.plan_id'),
    )
    .select([
      't.id',
      't.code',
      't.name',
      't.price',
      't.currency',
      't.interval_unit',
      't.interval_count',
      'p.id as plan_id',
      'p.name as plan_name',
    ])
    .where('t.organization_id', '=', organizationId)
    .where((eb) =>
      eb.or([
        eb('t.id', '=', current.id),
        eb.and([
          eb('t.archived_at', 'is', null),
          eb('p.archived_at', 'is', null),
          eb('t.punch_card_entries', 'is', null),
          eb('t.externally_managed', '=', false),
          eb('t.currency', '=', current.currency),
          current.plan_group_id === null
            ? eb('p.id', '=', current.plan_id)
            : eb('p.plan_group_id', '=', current.plan_group_id),
        ]),
      ]),
    )
    .orderBy('t.price')
    .orderBy('t.id')
    .execute();
  return rows.map((row) => ({
    uuid: row.id,
    code: row.code,
    name: row.name,
    plan: { uuid: row.plan_id, name: row.plan_name },
    price: priceText(row.price, row.currency),
    currency: row.currency,
    interval: row.interval_unit,
    interval_count: row.interval_count,
    current: row.id === current.id,
  }));
}
