import type { Db, Tx } from '../db/transaction.ts';
import { fail, ok, type Result } from '../errors.ts';
import { resolveReference } from './catalog-store.ts';
import { type PlanTermsRow, planTermsByIds } from './plan-terms-lookup.ts';

/**
 * The plan terms named by `ref` if they may be sold now: live, and, unless the caller is the import
 * of a leading system, not externally managed (409). `kind` asks for recurring terms (a subscription)
 * or a punch card (a one-off purchase).
 */
export async function sellablePlanTerms(
  db: Db | Tx,
  organizationId: string,
  ref: string,
  field: string,
  options: { kind: 'recurring' | 'punch_card' | 'any'; viaImport?: boolean },
): Promise<Result<PlanTermsRow>> {
  const found = await resolveReference(db, 'plan_terms', organizationId, ref, field, 'plan terms');
  if (!found.ok) return found;
  const terms = (await planTermsByIds(db, organizationId, [found.value.id])).get(found.value.id)!;
  if (terms.externally_managed && !options.viaImport)
    return fail(
      'externally_managed',
      `plan terms ${ref} are externally managed: they are ordered through the import of the leading system`,
    );
  const punchCard = terms.punch_card_entries !== null;
  if (options.kind === 'recurring' && punchCard) {
    const message = `${field}: plan terms ${ref} are a punch card, bought once through an order, not subscribed to`;
    return fail('validation_failed', message, [{ field, code: 'punch_card', message }]);
  }
  if (options.kind === 'punch_card' && !punchCard) {
    const message = `${field}: plan terms ${ref} are recurring: subscribe to them`;
    return fail('validation_failed', message, [{ field, code: 'recurring', message }]);
  }
  return ok(terms);
}
