import { sql } from 'kysely';
import type { Db } from '../../src/db/transaction.ts';

export const ORG = '00000000-0000-4000-8000-0000000000c1';
// Ids shaped like kassa's own UUIDv7 (bench/billing-run/seed.ts does the same).
const ids = (prefix: string) =>
  sql.raw(
    `(lpad(to_hex(1672531200000 + g), 12, '0') || '7' || substr(md5('${prefix}' || g), 1, 3) || '8' || substr(md5('${prefix}' || g), 4, 15))::uuid`,
  );

/**
 * N subscriptions with two years of history (2023–2024), set-based, each on its own account:
 * - starts spread over the two years; plan terms: a quarter 99 DKK a month, a quarter seats at 50 DKK
 *   a month (4 to 23 seats; a third of those accounts with a contract tier of 10 % from 10 seats), a
 *   quarter 990 DKK a year, a quarter 12 EUR a month;
 * - half change once, 60 to 330 days in: seats up or down, or from monthly to yearly (upgrade);
 * - a fifth end (churn) 400 days after their start, when that is before 2025;
 * - a tenth start with a 14-day trial.
 */
export async function seedHistory(db: Db, n: number) {
  const now = sql`'2023-01-01T00:00:00Z'::timestamptz`;
  await sql`insert into organizations (id, slug, name, country, currency, timezone, created_at, updated_at)
    values (${ORG}, 'metrics', 'Metrics ApS', 'DK', 'DKK', 'Europe/Copenhagen', ${now}, ${now})`.execute(db);
  await sql`insert into plans (organization_id, id, code, name, created_at, updated_at)
    values (${ORG}, md5('mplan')::uuid, 'PLAN', 'Plan', ${now}, ${now})`.execute(db);
  await sql`insert into plan_terms (organization_id, id, plan_id, code, name, price, currency, interval_unit, interval_count,
      notice_rule, trial_days, externally_managed, created_at, updated_at)
    select ${ORG}, md5('mterms' || k)::uuid, md5('mplan')::uuid, 'T' || k, 'Terms ' || k, p, c, u, 1, 'end_of_term', 0, false, ${now}, ${now}
    from (values (0, 99.00, 'DKK', 'month'), (1, 50.00, 'DKK', 'month'), (2, 990.00, 'DKK', 'year'), (3, 12.00, 'EUR', 'month'))
      as t(k, p, c, u)`.execute(db);
  await sql`insert into accounts (organization_id, id, code, name, email, type, legal_country, language, currency, created_at, updated_at)
    select ${ORG}, ${ids('a')}, 'A' || g, 'Account ' || g, 'a' || g || '@example.dk', 'company', 'DK', 'da', 'DKK', ${now}, ${now}
    from generate_series(1, ${n}::int) g`.execute(db);
  // start: spread over 2023-01-01 … 2024-12-01; change: 60–330 days in for even g; end: 400 days in for g % 5 = 0
  await sql`create temporary table bench_history as
    select g,
      '2023-01-01'::date + (g * 7919 % 700) as start_date,
      case when g % 2 = 0 then '2023-01-01'::date + (g * 7919 % 700) + 60 + (g * 31 % 271) end as change_date,
      case when g % 5 = 0 and '2023-01-01'::date + (g * 7919 % 700) + 400 < '2025-01-01'
        then '2023-01-01'::date + (g * 7919 % 700) + 400 end as end_date,
      g % 4 as terms,
      4 + g % 20 as seats
    from generate_series(1, ${n}::int) g`.execute(db);
  await sql`insert into subscriptions (organization_id, id, account_id, collection_method, start_date, trial_end, end_date, created_at, updated_at)
    select ${ORG}, ${ids('s')}, ${ids('a')}, 'invoice', start_date,
      case when g % 10 = 3 then start_date + 14 end, end_date, ${now}, ${now}
    from bench_history`.execute(db);
  // The first phase: to the change, or the end.
  await sql`insert into subscription_phases (organization_id, id, subscription_id, plan_terms_id, quantity, start_date, end_date, anchor_date, created_at)
    select ${ORG}, ${ids('p')}, ${ids('s')}, md5('mterms' || terms)::uuid, case when terms = 1 then seats else 1 end,
      start_date, case when change_date is not null and (end_date is null or change_date < end_date) then change_date else end_date end,
      start_date, ${now}
    from bench_history`.execute(db);
  // The change: seats ± (expansion, contraction), or monthly 99 DKK to yearly (an upgrade).
  await sql`insert into subscription_phases (organization_id, id, subscription_id, plan_terms_id, quantity, start_date, end_date, anchor_date, created_at)
    select ${ORG}, ${ids('q')}, ${ids('s')},
      md5('mterms' || case when terms = 0 then 2 else terms end)::uuid,
      case when terms = 1 then greatest(1, seats + case when g % 3 = 0 then -3 else 5 end) else 1 end,
      change_date, end_date, change_date, ${now}
    from bench_history where change_date is not null and (end_date is null or change_date < end_date)`.execute(
    db,
  );
  await sql`insert into contracts (organization_id, id, account_id, plan_terms_id, start_date, end_date, created_at, updated_at)
    select ${ORG}, ${ids('c')}, ${ids('a')}, md5('mterms1')::uuid, '2023-01-01', null, ${now}, ${now}
    from bench_history where terms = 1 and g % 3 = 1`.execute(db);
  await sql`insert into contract_tiers (organization_id, id, contract_id, minimum_quantity, discount, discount_type, created_at)
    select ${ORG}, ${ids('t')}, ${ids('c')}, 10, 10, 'percentage', ${now} from bench_history where terms = 1 and g % 3 = 1`.execute(
    db,
  );
  await sql`drop table bench_history`.execute(db);
  // At rest, as autovacuum leaves tables between changes (PGlite has no autovacuum; PostgreSQL's would
  // otherwise run on these fresh tables during the measurement).
  await sql`vacuum analyze`.execute(db);
}
