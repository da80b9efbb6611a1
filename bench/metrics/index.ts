import { sql } from 'kysely';
import { ManualClock } from '../../src/clock.ts';
import { commandLineActor } from '../../src/context.ts';
import { migrate } from '../../src/db/migrate.ts';
import type { Db } from '../../src/db/transaction.ts';
import { metricsSummary } from '../../src/metrics/metrics-summary.ts';
import { mrrSeriesReport } from '../../src/metrics/mrr-series-report.ts';
import { historyRows } from '../../src/metrics/subscription-histories.ts';
import { scratch } from '../billing-run/index.ts';
import { onInterrupt } from '../cleanup.ts';
import { ORG, seedHistory } from './seed.ts';

interface Figure {
  database: string;
  subscriptions: number;
  phases: number;
  /** medians of five runs, after one to warm up, in milliseconds */
  series24MonthsMs: number;
  seriesDailyMs: number;
  summaryMs: number;
  convertedSeriesMs: number;
  baselineMs: number;
  seriesToBaseline: number;
  /** every movement of the 24 months, added up as positive amounts, in DKK */
  movedDkk: number;
  closingMrr: string;
}

async function median(runs: number, work: () => Promise<unknown>): Promise<number> {
  await work();
  const times: number[] = [];
  for (let i = 0; i < runs; i++) {
    const started = performance.now();
    await work();
    times.push(performance.now() - started);
  }
  return Math.round(times.sort((a, b) => a - b)[Math.floor(runs / 2)]!);
}

/**
 * The baseline: reading the rows the metrics read (subscriptions, phases, plan terms, components,
 * contracts, tiers) with the very queries of `forEachSubscriptionHistory`, computing nothing. What the
 * series costs beyond it is the history, the movements and the steps made in JavaScript.
 */
async function readRows(db: Db): Promise<number> {
  const rows = await historyRows(db, ORG);
  return Object.values(rows).reduce((sum, list) => sum + list.length, 0);
}

async function measure(database: 'embedded' | 'postgres', n: number): Promise<Figure> {
  const db = await scratch(database);
  const unregister = onInterrupt(() => db.dispose());
  try {
    await migrate(db.handle);
    await seedHistory(db.handle.db, n);
    const organization = { id: ORG, country: 'DK', currency: 'DKK', timezone: 'Europe/Copenhagen' };
    const ctx = {
      db: db.handle.db,
      clock: new ManualClock('2025-01-01T12:00:00Z'),
      actor: commandLineActor(organization),
    };
    // EUR converted for the converted series: a rate a month.
    await sql`insert into exchange_rates (organization_id, id, currency, valid_from, rate, created_at, updated_at)
      select ${ORG}, md5('rate' || m)::uuid, 'EUR', ('2023-01-01'::date + m * interval '1 month')::date, 7.44 + m * 0.001, now(), now()
      from generate_series(0, 23) m`.execute(db.handle.db);
    const series = (interval: 'day' | 'month', convert = false) =>
      mrrSeriesReport(ctx, { from: '2023-01-01', to: '2024-12-31', interval, currency: 'DKK', convert });
    const first = await series('month');
    if (!first.ok) throw new Error(first.failure.detail);
    const { rows } = await sql<{ n: number }>`select count(*)::int as n from subscription_phases`.execute(
      db.handle.db,
    );
    const series24MonthsMs = await median(5, () => series('month'));
    const seriesDailyMs = await median(5, () => series('day'));
    const convertedSeriesMs = await median(5, () => series('month', true));
    const summaryMs = await median(5, () => metricsSummary(ctx, { date: '2024-12-31' }));
    const baselineMs = await median(5, () => readRows(db.handle.db));
    const steps = first.value.results;
    const moved = steps.reduce(
      (sum, s) =>
        sum +
        Math.abs(Number(s.movements.new)) +
        Math.abs(Number(s.movements.expansion)) +
        Math.abs(Number(s.movements.contraction)) +
        Math.abs(Number(s.movements.churn)) +
        Math.abs(Number(s.movements.reactivation)),
      0,
    );
    return {
      database,
      subscriptions: n,
      phases: rows[0]!.n,
      series24MonthsMs,
      seriesDailyMs,
      summaryMs,
      convertedSeriesMs,
      baselineMs,
      seriesToBaseline: Number((series24MonthsMs / baselineMs).toFixed(2)),
      movedDkk: Math.round(moved),
      closingMrr: steps.at(-1)!.mrr,
    };
  } finally {
    unregister();
    await db.dispose();
  }
}

function line(f: Figure): string {
  const target =
    f.database === 'postgres' && f.subscriptions === 100_000 ? ' | target: 24-month series ≤ 1000 ms' : '';
  return `${f.database.padEnd(8)} ${String(f.subscriptions).padStart(7)} subs ${String(f.phases).padStart(7)} phases | 24-month series ${f.series24MonthsMs} ms | daily series (731 steps) ${f.seriesDailyMs} ms | converted series ${f.convertedSeriesMs} ms | summary ${f.summaryMs} ms | baseline: reading the rows ${f.baselineMs} ms (series ÷ baseline ${f.seriesToBaseline}) | closing MRR ${f.closingMrr} DKK, moved ${f.movedDkk} DKK${target}`;
}

export async function runMetricsBench(): Promise<Figure[]> {
  const sizes = (process.env.BENCH_METRICS_SIZES ?? '10000,100000').split(',').map(Number);
  const databases = (process.env.BENCH_METRICS_DATABASES ?? 'postgres,embedded').split(',') as (
    | 'postgres'
    | 'embedded'
  )[];
  const figures: Figure[] = [];
  for (const database of databases)
    for (const n of sizes) {
      const figure = await measure(database, n);
      console.log(line(figure));
      figures.push(figure);
    }
  return figures;
}
