import { sql } from 'kysely';
import type { Db } from '../../src/db/transaction.ts';
import { ids } from '../billing-run/seed.ts';

const FIRST = ['Fjord', 'Nordlys', 'Bryggen', 'Skov', 'Havn', 'Strand', 'Mølle', 'Kilde', 'Bakke', 'Dal'];
const SECOND = ['Bageri', 'Fitness', 'Revision', 'Data', 'Tømrer', 'Café', 'Klinik', 'Transport'];

const list = (words: string[]) => sql.raw(`array[${words.map((w) => `'${w}'`).join(', ')}]`);

/** The code, name and e-mail the seed gives account number g (1 … n). */
export function seededAccount(g: number): { code: string; name: string; email: string } {
  const name = `${FIRST[g % FIRST.length]} ${SECOND[Math.floor(g / FIRST.length) % SECOND.length]} ${g} ApS`;
  return { code: `A${String(g).padStart(6, '0')}`, name, email: `a${g}@example.dk` };
}

/**
 * N accounts of the organization in one statement, created a second apart in order (ids like kassa's
 * UUIDv7): names like "Fjord Bageri 4711 ApS" (80 pairs of words and the number), so a word matches
 * one account in 8 or 10 and a number one or a few; a tenth have a VAT number.
 */
export async function seedAccounts(db: Db, organizationId: string, n: number): Promise<void> {
  await sql`insert into accounts (organization_id, id, code, name, email, type, legal_country, vat_number, language,
      currency, created_at, updated_at)
    select ${organizationId}, ${ids('a')}, 'A' || lpad(g::text, 6, '0'),
      (${list(FIRST)})[g % ${FIRST.length} + 1] || ' ' || (${list(SECOND)})[(g / ${FIRST.length}) % ${SECOND.length} + 1] || ' ' || g || ' ApS',
      'a' || g || '@example.dk', 'company', 'DK', case when g % 10 = 0 then 'DK' || (10000000 + g) end, 'da', 'DKK',
      '2025-01-01T00:00:00Z'::timestamptz + g * interval '1 second', '2025-01-01T00:00:00Z'::timestamptz + g * interval '1 second'
    from generate_series(1, ${n}::int) g`.execute(db);
  await sql`analyze accounts`.execute(db);
}
