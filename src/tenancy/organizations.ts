import type { OrganizationRef } from '../context.ts';
import type { Db, Tx } from '../db/transaction.ts';

export function findOrganizationBySlug(
  db: Db | Tx,
  slug: string,
): Promise<(OrganizationRef & { slug: string; name: string }) | undefined> {
  return db
    .selectFrom('organizations')
    .select(['id', 'slug', 'name', 'country', 'currency', 'timezone'])
    .where('slug', '=', slug)
    .executeTakeFirst();
}
