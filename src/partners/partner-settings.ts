import type { Selectable } from 'kysely';
import { z } from 'zod';
import { recordChange } from '../audit/record-change.ts';
import { resolveReference } from '../catalog/catalog-store.ts';
import type { UseCaseContext } from '../context.ts';
import type { PartnerSettingsTable } from '../db/tables-partners.ts';
import { type Db, type Tx, transact } from '../db/transaction.ts';
import { fail, ok, type Result } from '../errors.ts';
import { instant, isoInstant, reference } from '../http/common-schemas.ts';
import { newId } from '../ids.ts';
import { partnerSettingsExample } from './partner-examples.ts';

export type PartnerSettingsRow = Selectable<PartnerSettingsTable>;

export const originSchema = z
  .string()
  .regex(/^[a-z0-9_-]{1,40}$/, 'lower-case letters, digits, - and _ (the <origin> of partner XML)');

export const partnerSettingsInput = z.strictObject({
  products: z.array(reference).max(500).describe('Plan terms (uuid or code) the partner may sell'),
  business_units: z
    .array(reference)
    .max(200)
    .nullable()
    .optional()
    .describe('Business units (uuid or code) the partner may sell in; default null: every unit'),
  payment_terms_days: z
    .number()
    .int()
    .min(0)
    .max(365)
    .nullable()
    .optional()
    .describe('Default: the organization’s'),
  confirmation_email: z
    .boolean()
    .optional()
    .describe('E-mail an order confirmation to the person; default false'),
  mark: z
    .string()
    .trim()
    .max(40)
    .nullable()
    .optional()
    .describe('The <mark> of confirmations; default: the origin'),
});

export const partnerSettingsSchema = z
  .object({
    uuid: z.uuid(),
    origin: z.string(),
    products: z.array(z.uuid()),
    business_units: z.array(z.uuid()).nullable(),
    payment_terms_days: z.number().int().nullable(),
    confirmation_email: z.boolean(),
    mark: z.string().nullable(),
    created_date: instant,
    updated_date: instant,
  })
  .meta({ id: 'PartnerSettings', examples: [partnerSettingsExample] });

export function partnerSettingsView(row: PartnerSettingsRow): z.output<typeof partnerSettingsSchema> {
  return {
    uuid: row.id,
    origin: row.origin,
    products: row.plan_terms_ids,
    business_units: row.business_unit_ids,
    payment_terms_days: row.payment_terms_days,
    confirmation_email: row.confirmation_email,
    mark: row.mark,
    created_date: isoInstant(row.created_at)!,
    updated_date: isoInstant(row.updated_at)!,
  };
}

export function findPartnerSettings(db: Db | Tx, organizationId: string, origin: string) {
  return db
    .selectFrom('partner_settings')
    .selectAll()
    .where('organization_id', '=', organizationId)
    .where('origin', '=', origin)
    .executeTakeFirst();
}

/** Sets what a partner (by its origin) may sell, and where: replaces the settings whole. */
export async function putPartnerSettings(
  ctx: UseCaseContext,
  origin: string,
  input: z.output<typeof partnerSettingsInput>,
): Promise<Result<z.output<typeof partnerSettingsSchema>>> {
  const organizationId = ctx.actor.organizationId;
  return transact(ctx.db, async (tx) => {
    const products: string[] = [];
    for (const [index, ref] of input.products.entries()) {
      const row = await resolveReference(
        tx,
        'plan_terms',
        organizationId,
        ref,
        `products.${index}`,
        'plan terms',
      );
      if (!row.ok) return row;
      if (!products.includes(row.value.id)) products.push(row.value.id);
    }
    let units: string[] | null = null;
    if (input.business_units) {
      units = [];
      for (const [index, ref] of input.business_units.entries()) {
        const row = await resolveReference(
          tx,
          'business_units',
          organizationId,
          ref,
          `business_units.${index}`,
          'business unit',
        );
        if (!row.ok) return row;
        if (!units.includes(row.value.id)) units.push(row.value.id);
      }
    }
    const before = await findPartnerSettings(tx, organizationId, origin);
    const now = ctx.clock.now();
    const values = {
      plan_terms_ids: products,
      business_unit_ids: units,
      payment_terms_days: input.payment_terms_days ?? null,
      confirmation_email: input.confirmation_email ?? false,
      mark: input.mark ?? null,
      updated_at: now,
    };
    const row = before
      ? await tx
          .updateTable('partner_settings')
          .set(values)
          .where('organization_id', '=', organizationId)
          .where('id', '=', before.id)
          .returningAll()
          .executeTakeFirstOrThrow()
      : await tx
          .insertInto('partner_settings')
          .values({ ...values, organization_id: organizationId, id: newId(), origin, created_at: now })
          .returningAll()
          .executeTakeFirstOrThrow();
    const view = partnerSettingsView(row);
    await recordChange(tx, ctx, {
      action: before ? 'partner_settings.updated' : 'partner_settings.created',
      entityType: 'partner_settings',
      entityId: row.id,
      before: before ? partnerSettingsView(before) : null,
      after: view,
    });
    return ok(view);
  });
}

export async function deletePartnerSettings(ctx: UseCaseContext, origin: string): Promise<Result<null>> {
  const organizationId = ctx.actor.organizationId;
  return transact(ctx.db, async (tx) => {
    const before = await findPartnerSettings(tx, organizationId, origin);
    if (!before) return fail('not_found', `no partner settings for origin ${origin}`);
    await tx
      .deleteFrom('partner_settings')
      .where('organization_id', '=', organizationId)
      .where('id', '=', before.id)
      .execute();
    await recordChange(tx, ctx, {
      action: 'partner_settings.deleted',
      entityType: 'partner_settings',
      entityId: before.id,
      before: partnerSettingsView(before),
      after: null,
    });
    return ok(null);
  });
}
