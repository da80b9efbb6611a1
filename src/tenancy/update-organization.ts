import { z } from 'zod';
import { recordChange } from '../audit/record-change.ts';
import type { UseCaseContext } from '../context.ts';
import type { Db, Tx } from '../db/transaction.ts';
import { transact } from '../db/transaction.ts';
import { isTimeZone } from '../domain/iso.ts';
import { fail, fieldFailure, ok, type Result } from '../errors.ts';
import { invoicingChangeShape, invoicingSettingsOf, invoicingSettingsShape } from './invoicing-settings.ts';
import { portalChangeShape, portalSettingsOf, portalSettingsShape } from './portal-settings.ts';

export const organizationSchema = z
  .object({
    uuid: z.uuid(),
    slug: z.string(),
    name: z.string(),
    country: z.string(),
    currency: z.string(),
    timezone: z.string(),
    order_approval_required: z
      .boolean()
      .describe('Committed orders wait for approval before they take effect'),
    ...invoicingSettingsShape,
    ...portalSettingsShape,
  })
  .meta({
    id: 'Organization',
    examples: [
      {
        uuid: '0193f1a2-7c4e-7d2a-9b1e-5f3c2a1b0c9d',
        slug: 'nordlys',
        name: 'Nordlys ApS',
        country: 'DK',
        currency: 'DKK',
        timezone: 'Europe/Copenhagen',
        order_approval_required: false,
        legal_address: 'Vestergade 1\n1456 København K',
        vat_number: 'DK12345674',
        organization_number: '12345674',
        email: 'faktura@nordlys.dk',
        pay_to: 'FI creditor 85123456',
        invoice_number_format: '{YYYY}-{SEQ:6}',
        credit_note_number_format: 'K{YYYY}-{SEQ:6}',
        payment_terms_days: 14,
        payment_reference_scheme: 'dk_fik71',
        send_drafts: 'review',
        dunning_days: [3, 10, 20],
        dunning_final_action: 'none',
        electronic_address: '0184:12345674',
        phone: '+45 33 12 34 56',
        eu_supplies: 'services',
        vat_exemption_reason: null,
        vat_exemption_code: null,
        portal_logo_url: null,
        portal_colour: '#1f6feb',
        portal_cards: true,
        portal_details: true,
        portal_plan_change: false,
        portal_cancel: true,
        self_service_origins: ['https://shop.nordlys.dk'],
      },
    ],
  });

export type OrganizationSettings = z.output<typeof organizationSchema>;

export const organizationChangeSchema = z.strictObject({
  name: z.string().trim().min(1).max(200).optional(),
  timezone: z.string().refine(isTimeZone, 'an IANA time zone such as Europe/Copenhagen').optional(),
  order_approval_required: z.boolean().optional(),
  ...invoicingChangeShape,
  ...portalChangeShape,
});

export async function getOrganization(db: Db | Tx, organizationId: string): Promise<OrganizationSettings> {
  const row = await db
    .selectFrom('organizations')
    .selectAll()
    .where('id', '=', organizationId)
    .executeTakeFirstOrThrow();
  return {
    uuid: row.id,
    slug: row.slug,
    name: row.name,
    country: row.country,
    currency: row.currency,
    timezone: row.timezone,
    order_approval_required: row.order_approval_required,
    ...invoicingSettingsOf(row),
    ...portalSettingsOf(row),
  };
}

/** The organization's own settings. Country and currency are fixed: they decide VAT and books. */
export async function updateOrganization(
  ctx: UseCaseContext,
  change: z.output<typeof organizationChangeSchema>,
): Promise<Result<OrganizationSettings>> {
  const organizationId = ctx.actor.organizationId;
  return transact(ctx.db, async (tx) => {
    const locked = await tx
      .selectFrom('organizations')
      .select('id')
      .where('id', '=', organizationId)
      .forUpdate()
      .executeTakeFirst();
    if (!locked) return fail('not_found', 'no such organization');
    const before = await getOrganization(tx, organizationId);
    await tx
      .updateTable('organizations')
      .set({ ...change, updated_at: ctx.clock.now() })
      .where('id', '=', organizationId)
      .execute();
    const after = await getOrganization(tx, organizationId);
    if (after.vat_exemption_code && !after.vat_exemption_reason)
      return fieldFailure(
        'vat_exemption_reason',
        'required',
        'an exemption code goes with the reason printed on documents, e.g. "Education, VAT Act § 13(1)(3)"',
      );
    await recordChange(tx, ctx, {
      action: 'organization.updated',
      entityType: 'organization',
      entityId: organizationId,
      before,
      after,
    });
    return ok(after);
  });
}
