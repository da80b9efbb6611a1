import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { type Queue, startQueue } from '../../src/jobs/queue.ts';
import { startWebhookWorkers, WEBHOOK_QUEUES } from '../../src/webhooks/webhook-jobs.ts';
import { authHeaders, createTestApp, type TestApp } from '../support/test-app.ts';
import { startReceiver } from '../support/webhook-receiver.ts';

let t: TestApp;
let queue: Queue;
let stopWorkers: () => Promise<void>;
let receiver: Awaited<ReturnType<typeof startReceiver>>;

beforeAll(async () => {
  t = await createTestApp({ webhooks: { allowPrivate: true } });
  receiver = await startReceiver();
  queue = await startQueue(t.handle, WEBHOOK_QUEUES);
  t.services.queue = queue;
  stopWorkers = await startWebhookWorkers(t.services, queue, { organizationIds: [t.org.id] });
});
afterAll(async () => {
  await stopWorkers();
  await queue.stop();
  await receiver.close();
  await t.close();
});

async function until(check: () => boolean, ms = 20_000) {
  const end = Date.now() + ms;
  while (!check() && Date.now() < end) await new Promise((resolve) => setTimeout(resolve, 50));
  return check();
}

describe('webhook workers on the job queue', () => {
  it('deliver changes after commit through one pg-boss job per delivery', async () => {
    const headers = authHeaders(t.org.tokens.full);
    const hook = (
      await t.app.inject({
        method: 'POST',
        url: '/api/v1/webhooks/',
        headers,
        payload: { url: receiver.url },
      })
    ).json();
    receiver.secrets.push(hook.secret);
    const second = (
      await t.app.inject({
        method: 'POST',
        url: '/api/v1/webhooks/',
        headers,
        payload: { url: receiver.url, event_types: ['account.created'] },
      })
    ).json();
    receiver.secrets.push(second.secret);
    const account = (
      await t.app.inject({
        method: 'POST',
        url: '/api/v1/accounts/',
        headers,
        payload: { code: 'Q-1', name: 'Queue AS', email: 'q@example.com' },
      })
    ).json();
    const created = () =>
      receiver
        .ofType('account.created')
        .filter((r) => (r.body.data as { uuid: string }).uuid === account.uuid);
    expect(await until(() => created().length === 2)).toBe(true);
    expect(new Set(created().map((r) => r.id)).size).toBe(1);
    const jobs = await queue.boss.findJobs('webhook-deliver', { data: { organizationId: t.org.id } });
    expect(jobs.length).toBeGreaterThanOrEqual(2);
    // The attempt is kept once the receiver's answer is back, a moment after the receiver has the request.
    const listDeliveries = async () =>
      (await t.app.inject({ url: `/api/v1/webhooks/${second.uuid}/deliveries/`, headers })).json().results;
    let deliveries = await listDeliveries();
    for (let i = 0; i < 100 && deliveries[0]?.status !== 'succeeded'; i++) {
      await new Promise((resolve) => setTimeout(resolve, 50));
      deliveries = await listDeliveries();
    }
    expect(deliveries).toHaveLength(1);
    expect(deliveries[0]).toMatchObject({ status: 'succeeded', attempt_count: 1 });
  });
});
