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

/** Every organization, or the one with this slug. */
export function listOrganizations(
  db: Db | Tx,
  slug?: string,
): Promise<(OrganizationRef & { slug: string; name: string })[]> {
  let query = db
    .selectFrom('organizations')
    .select(['id', 'slug', 'name', 'country', 'currency', 'timezone'])
    .orderBy('slug');
  if (slug !== undefined) query = query.where('slug', '=', slug);
  return query.execute();
}
