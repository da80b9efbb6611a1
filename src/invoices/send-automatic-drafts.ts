import { sql } from 'kysely';
import { commandLineActor, type OrganizationRef, type Services } from '../context.ts';

/**
 * The organization's automation rule after a billing run: drafts of accounts whose rule (their own, or
 * else the organization's) is `automatic` are sent; the others wait for review. A draft that cannot be
 * sent (a negative total) stays a draft, reported in `held`.
 */
export async function sendAutomaticDrafts(
  services: Services,
  organization: OrganizationRef,
): Promise<{ sent: number; held: string[] }> {
  const drafts = await sql<{ id: string }>`
    select d.id from invoice_drafts d
    join accounts a on a.organization_id = d.organization_id and a.id = d.account_id
    join organizations o on o.id = d.organization_id
    where d.organization_id = ${organization.id} and d.status = 'draft'
      and coalesce(a.send_drafts, o.send_drafts) = 'automatic'
    order by d.created_at, d.id`.execute(services.db);
  const ctx = {
    ...services,
    actor: { ...commandLineActor(organization), clientSystem: 'kassa-automation', user: null },
  };
  let sent = 0;
  const held: string[] = [];
  if (drafts.rows.length === 0) return { sent, held };
  // Loaded when there is something to send: a run that sends nothing (kassa bill, the benchmark)
  // does without the PDF, mail and card stacks, some 90 MB.
  const { sendDraft } = await import('./send-draft.ts');
  for (const { id } of drafts.rows) {
    const result = await sendDraft(ctx, id);
    if (result.ok) sent++;
    else held.push(`${id}: ${result.failure.detail}`);
  }
  return { sent, held };
}
