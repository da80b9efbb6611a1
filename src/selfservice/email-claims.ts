import type { Db } from '../db/transaction.ts';
import { fail, ok, type Result } from '../errors.ts';

type Addresses = { email?: string | null | undefined; invoice_email?: string | null | undefined };

/**
 * A customer may not give their account, through the portal, an e-mail that another live account of
 * the organization uses (as its e-mail or invoice e-mail): self-service links are asked for and sent
 * by e-mail, and a squatted address would make the owner's request ambiguous (issue 12, defect 8).
 * The merchant's own API is not limited: it decides which accounts share an address.
 */
export async function refuseClaimedEmails(
  db: Db,
  organizationId: string,
  accountId: string,
  patch: Addresses,
): Promise<Result<null>> {
  for (const field of ['email', 'invoice_email'] as const) {
    const address = patch[field]?.trim().toLowerCase();
    if (!address) continue;
    const other = await db
      .selectFrom('accounts')
      .select('id')
      .where('organization_id', '=', organizationId)
      .where('id', '!=', accountId)
      .where('archived_at', 'is', null)
      .where((eb) =>
        eb.or([
          eb(eb.fn('lower', ['email']), '=', address),
          eb(eb.fn('lower', ['invoice_email']), '=', address),
        ]),
      )
      .limit(1)
      .executeTakeFirst();
    if (other)
      return fail('validation_failed', `${field}: another customer uses this e-mail`, [
        {
          field,
          code: 'in_use',
          message: 'another customer uses this e-mail; ask the merchant to change it',
        },
      ]);
  }
  return ok(null);
}
