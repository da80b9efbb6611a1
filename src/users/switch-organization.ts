import type { Db } from '../db/transaction.ts';
import { fieldFailure, ok, type Result } from '../errors.ts';
import type { SignedInPerson } from './sessions.ts';

/** Moves a session to another organization of the same person; the session itself goes on. */
export async function switchOrganization(
  db: Db,
  currentOrganizationId: string,
  person: SignedInPerson,
  slug: string,
): Promise<Result<{ organizationId: string }>> {
  const target = await db
    .selectFrom('memberships as m')
    .innerJoin('organizations as o', 'o.id', 'm.organization_id')
    .select('o.id')
    .where('m.user_id', '=', person.userId)
    .where('o.slug', '=', slug)
    .executeTakeFirst();
  if (!target)
    return fieldFailure('organization', 'not_member', `organization: you are not a member of ${slug}`);
  await db
    .updateTable('user_sessions')
    .set({ organization_id: target.id })
    .where('organization_id', '=', currentOrganizationId)
    .where('id', '=', person.sessionId)
    .execute();
  return ok({ organizationId: target.id });
}
