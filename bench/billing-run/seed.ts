import { sql } from 'kysely';
import type { Db } from '../../src/db/transaction.ts';

export const ORG = '00000000-0000-4000-8000-0000000000b1';
// Ids shaped like kassa's own (UUIDv7, src/ids.ts): a time part that grows with creation, then random
// bits. Rows made one after another sit side by side in every index, as they do in a real database.
export const ids = (prefix: string) =>
  sql.raw(
    `(lpad(to_hex(1735689600000 + g), 12, '0') || '7' || substr(md5('${prefix}' || g), 1, 3) || '8' || substr(md5('${prefix}' || g), 4, 15))::uuid`,
  );

/**
 * N subscriptions, set-based, ids in creation order like kassa's own: a third flat monthly (quantity 1), a third seats (12, with a contract
 * tier of 15 % from 10), a third metered (10 usage records each in January). All start 2025-01-01,
 * each with its own account.
 */
export async function seedSubscriptions(db: Db, n: number) {
  const now = sql`'2025-01-01T00:00:00Z'::timestamptz`;
  await sql`insert into organizations (id, slug, name, country, currency, timezone, created_at, updated_at)
    values (${ORG}, 'bench', 'Bench ApS', 'DK', 'DKK', 'Europe/Copenhagen', ${now}, ${now})`.execute(db);
  await sql`insert into plans (organization_id, id, code, name, created_at, updated_at)
    values (${ORG}, md5('plan')::uuid, 'PLAN', 'Plan', ${now}, ${now})`.execute(db);
  await sql`insert into plan_terms (organization_id, id, plan_id, code, name, price, currency, interval_unit, interval_count,
      notice_rule, trial_days, externally_managed, created_at, updated_at)
    select ${ORG}, md5('terms' || k)::uuid, md5('plan')::uuid, 'T' || k, 'Terms ' || k, p, 'DKK', 'month', 1, 'end_of_term', 0, false, ${now}, ${now}
    from (values (0, 99.00), (1, 50.00), (2, 10.00)) as t(k, p)`.execute(db);
  await sql`insert into components (organization_id, id, code, name, kind, currency, price_model, aggregation, created_at, updated_at)
    values (${ORG}, md5('metered')::uuid, 'CALLS', 'API calls', 'metered', 'DKK', '{"model":"per_unit","unit_price":"0.10"}', 'sum', ${now}, ${now})`.execute(
    db,
  );
  await sql`insert into accounts (organization_id, id, code, name, email, type, legal_country, language, currency, created_at, updated_at)
    select ${ORG}, ${ids('a')}, 'A' || g, 'Account ' || g, 'a' || g || '@example.dk', 'company', 'DK', 'da', 'DKK', ${now}, ${now}
    from generate_series(1, ${n}::int) g`.execute(db);
  await sql`insert into subscriptions (organization_id, id, account_id, collection_method, start_date, created_at, updated_at)
    select ${ORG}, ${ids('s')}, ${ids('a')}, 'invoice', '2025-01-01', ${now}, ${now} from generate_series(1, ${n}::int) g`.execute(
    db,
  );
  await sql`insert into subscription_phases (organization_id, id, subscription_id, plan_terms_id, quantity, start_date, anchor_date, created_at)
    select ${ORG}, ${ids('p')}, ${ids('s')}, md5('terms' || (g % 3))::uuid, case when g % 3 = 1 then 12 else 1 end, '2025-01-01', '2025-01-01', ${now}
    from generate_series(1, ${n}::int) g`.execute(db);
  await sql`insert into contracts (organization_id, id, account_id, plan_terms_id, start_date, end_date, created_at, updated_at)
    select ${ORG}, ${ids('c')}, ${ids('a')}, md5('terms1')::uuid, '2025-01-01', null, ${now}, ${now}
    from generate_series(1, ${n}::int) g where g % 3 = 1`.execute(db);
  await sql`insert into contract_tiers (organization_id, id, contract_id, minimum_quantity, discount, discount_type, created_at)
    select ${ORG}, ${ids('t')}, ${ids('c')}, 10, 15, 'percentage', ${now} from generate_series(1, ${n}::int) g where g % 3 = 1`.execute(
    db,
  );
  await sql`insert into subscription_components (organization_id, id, subscription_id, component_id, quantity, start_date, created_at, updated_at)
    select ${ORG}, ${ids('sc')}, ${ids('s')}, md5('metered')::uuid, null, '2025-01-01', ${now}, ${now}
    from generate_series(1, ${n}::int) g where g % 3 = 2`.execute(db);
  await sql`insert into usage_records (organization_id, id, subscription_id, component_id, event_id, quantity, occurred_at, created_at)
    select ${ORG}, (lpad(to_hex(1735689600000 + g * 10 + k), 12, '0') || '7' || substr(md5('u' || g || '-' || k), 1, 3) || '8' || substr(md5('u' || g || '-' || k), 4, 15))::uuid, ${ids('s')}, md5('metered')::uuid, 'e' || g || '-' || k, k,
      '2025-01-10T00:00:00Z'::timestamptz + k * interval '1 hour', ${now}
    from generate_series(1, ${n}::int) g, generate_series(1, 10) k where g % 3 = 2`.execute(db);
  await sql`analyze`.execute(db);
}
