import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { billBatch } from '../../src/billing/bill-batch.ts';
import { BILLING_QUEUES, startBillingWorkers } from '../../src/billing/billing-jobs.ts';
import { candidateIds, runBilling } from '../../src/billing/run-billing.ts';
import { type Queue, startQueue } from '../../src/jobs/queue.ts';
import { monthlyPlan } from '../support/billing.ts';
import {
  authHeaders,
  createTestApp,
  createTestOrganization,
  type TestApp,
  type TestOrganization,
} from '../support/test-app.ts';

/**
 * Exactly once, whatever happens: two runs of one date at once, a run killed halfway and started
 * again, and a run cut into jobs for workers, all end with the drafts of one clean run.
 */
let t: TestApp;
const DAY = '2025-02-01';

async function populate(org: TestOrganization) {
  const post = (url: string, payload: object) =>
    t.app.inject({ method: 'POST', url, headers: authHeaders(org.tokens.full), payload });
  await monthlyPlan(t, '99.95', org);
  await post('/api/v1/plan-terms/', {
    plan: 'P',
    code: 'Y',
    name: 'Yearly',
    price: '1000',
    interval: 'year',
  });
  for (let i = 0; i < 24; i++) {
    const code = `A${i}`;
    await post('/api/v1/accounts/', {
      code,
      name: code,
      email: `${code}@example.com`,
      legal_country: i % 5 === 0 ? 'SE' : 'DK',
    });
    const res = await post('/api/v1/subscriptions/', {
      account: code,
      terms: i % 3 === 0 ? 'Y' : 'M',
      quantity: 1 + (i % 4),
      start_date: `2025-01-${String(1 + (i % 28)).padStart(2, '0')}`,
    });
    expect(res.statusCode, res.body).toBe(201);
  }
}

/** The drafts of an organization, without ids or instants: what a customer would be billed. */
async function billed(org: TestOrganization) {
  const rows = await t.handle.db
    .selectFrom('invoice_draft_lines as l')
    .innerJoin('invoice_drafts as d', (j) =>
      j.onRef('d.id', '=', 'l.draft_id').onRef('d.organization_id', '=', 'l.organization_id'),
    )
    .innerJoin('accounts as a', (j) =>
      j.onRef('a.id', '=', 'd.account_id').onRef('a.organization_id', '=', 'd.organization_id'),
    )
    .select(['a.code', 'd.currency', 'l.description', 'l.period_start', 'l.amount', 'l.vat_rate'])
    .where('l.organization_id', '=', org.id)
    .execute();
  return rows
    .map((r) => `${r.code} ${r.currency} ${r.period_start} ${r.description} ${r.amount} ${r.vat_rate}`)
    .sort();
}

let clean: string[];
beforeAll(async () => {
  t = await createTestApp({ now: `${DAY}T08:00:00Z` });
  await populate(t.org);
  await runBilling(t.services, t.org, DAY, { batchSize: 5 });
  clean = await billed(t.org);
  expect(clean.length).toBeGreaterThanOrEqual(24);
});
afterAll(async () => t.close());

describe('exactly once', () => {
  it('two runs of the same date at once bill as one', async () => {
    const org = await createTestOrganization(t.services);
    await populate(org);
    await Promise.all([
      runBilling(t.services, org, DAY, { batchSize: 5 }),
      runBilling(t.services, org, DAY, { batchSize: 7 }),
    ]);
    expect(await billed(org)).toEqual(clean);
    expect((await runBilling(t.services, org, DAY)).lines).toBe(0);
  });

  it('batches run side by side, sharing accounts, bill as one batch at a time does', async () => {
    // Three subscriptions per account, made round-robin: every account's subscriptions are spread
    // over several batches, which open and fill its draft at the same time.
    const shared = async (org: TestOrganization) => {
      const post = (url: string, payload: object) =>
        t.app.inject({ method: 'POST', url, headers: authHeaders(org.tokens.full), payload });
      await monthlyPlan(t, '10', org);
      for (let i = 0; i < 6; i++)
        await post('/api/v1/accounts/', { code: `S${i}`, name: `S${i}`, email: `s${i}@example.com` });
      for (let round = 0; round < 3; round++)
        for (let i = 0; i < 6; i++) {
          const res = await post('/api/v1/subscriptions/', {
            account: `S${i}`,
            terms: 'M',
            quantity: 1 + round,
            start_date: '2025-01-15',
          });
          expect(res.statusCode, res.body).toBe(201);
        }
    };
    const alone = await createTestOrganization(t.services);
    await shared(alone);
    await runBilling(t.services, alone, DAY, { batchSize: 2, concurrency: 1 });
    const sideBySide = await createTestOrganization(t.services);
    await shared(sideBySide);
    await runBilling(t.services, sideBySide, DAY, { batchSize: 2, concurrency: 3 });
    const expected = await billed(alone);
    expect(expected).toHaveLength(18);
    expect(await billed(sideBySide)).toEqual(expected);
    const drafts = await t.handle.db
      .selectFrom('invoice_drafts')
      .select((eb) => eb.fn.countAll<number>().as('n'))
      .where('organization_id', '=', sideBySide.id)
      .executeTakeFirstOrThrow();
    expect(Number(drafts.n)).toBe(6);
  });

  it('a run killed halfway and started again ends as an uninterrupted one', async () => {
    const org = await createTestOrganization(t.services);
    await populate(org);
    const ids = await candidateIds(t.services, org.id, DAY, null, 12);
    // One batch commits, the next dies inside its transaction before committing.
    await t.handle.db.transaction().execute((tx) => billBatch(tx, org, ids.slice(0, 6), DAY, t.clock.now()));
    await expect(
      t.handle.db.transaction().execute(async (tx) => {
        await billBatch(tx, org, ids.slice(6), DAY, t.clock.now());
        throw new Error('killed');
      }),
    ).rejects.toThrow('killed');
    await runBilling(t.services, org, DAY, { batchSize: 4 });
    expect(await billed(org)).toEqual(clean);
  });

  it('a run cut into jobs, taken by two workers, bills as one', async () => {
    const org = await createTestOrganization(t.services);
    await populate(org);
    const queues: Queue[] = [];
    try {
      for (let i = 0; i < 2; i++) {
        const queue = await startQueue(t.handle, BILLING_QUEUES);
        queues.push(queue);
        await startBillingWorkers({ ...t.services, queue }, queue);
      }
      const services = { ...t.services, queue: queues[0] };
      const { buildServer } = await import('../../src/http/server.ts');
      const app = await buildServer(services);
      const started = await app.inject({
        method: 'POST',
        url: '/api/v1/billing-runs/',
        headers: authHeaders(org.tokens.full),
        payload: { date: DAY },
      });
      expect(started.statusCode, started.body).toBe(202);
      let run = started.json();
      for (let i = 0; i < 200 && run.status === 'running'; i++) {
        await new Promise((resolve) => setTimeout(resolve, 100));
        run = (
          await app.inject({
            url: `/api/v1/billing-runs/${run.uuid}/`,
            headers: authHeaders(org.tokens.read),
          })
        ).json();
      }
      await app.close();
      expect(run).toMatchObject({ status: 'done', subscriptions_total: 24, subscriptions_done: 24 });
      expect(await billed(org)).toEqual(clean);
    } finally {
      for (const queue of queues) await queue.stop();
    }
  });
});
