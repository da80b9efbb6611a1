import type { Services } from '../context.ts';
import type { Queue } from '../jobs/queue.ts';
import { deliverDue } from './deliver-webhooks.ts';
import { DELIVER_QUEUE, type DeliveryJob, dispatchEvents } from './dispatch-events.ts';

export const WEBHOOK_QUEUES = [DELIVER_QUEUE] as const;

/** How often the outbox is looked at when it was empty last time. */
const DISPATCH_IDLE_MS = 200;
/** How often deliveries due are swept up without their job (a job lost, a clock that jumped). */
const SWEEP_MS = 10_000;
const DISPATCH_BATCH = 500;

/**
 * Runs everything there is to do now, without a queue (tests, library use): dispatches the outbox and
 * makes every attempt due, until nothing is left. Answers the attempts made.
 */
export async function runWebhooksNow(services: Services, organizationIds?: string[]): Promise<number> {
  let attempts = 0;
  while ((await dispatchEvents(services, DISPATCH_BATCH, organizationIds)) === DISPATCH_BATCH) {}
  for (;;) {
    const made = await deliverDue(services, { limit: 200, ...(organizationIds ? { organizationIds } : {}) });
    if (made === 0) return attempts;
    attempts += made;
  }
}

/**
 * The webhook workers: a loop that feeds the outbox to deliveries (one job per delivery), the
 * delivery jobs themselves in batches, and a sweep for deliveries due without a job. Answers a stop.
 * `organizationIds` keeps the loop and the sweep to some organizations (tests sharing a database).
 */
export async function startWebhookWorkers(
  services: Services,
  queue: Queue,
  options: { organizationIds?: string[] } = {},
): Promise<() => Promise<void>> {
  const withQueue = { ...services, queue };
  const only = options.organizationIds ? { organizationIds: options.organizationIds } : {};
  await queue.boss.work<DeliveryJob>(
    DELIVER_QUEUE,
    // Full batches are fetched again at once (a backlog drains without waiting for the poll).
    { pollingIntervalSeconds: 0.5, batchSize: 100, burstWhenBatchFull: true, localConcurrency: 4 },
    async (jobs) => {
      await deliverDue(withQueue, { ids: jobs.map((j) => j.data.deliveryId), limit: jobs.length });
    },
  );
  let stopped = false;
  let running: Promise<unknown> = Promise.resolve();
  const dispatchLoop = async () => {
    while (!stopped) {
      let taken = 0;
      try {
        taken = await dispatchEvents(withQueue, DISPATCH_BATCH, options.organizationIds);
      } catch (error) {
        console.error('webhook dispatch failed', error);
      }
      if (taken < DISPATCH_BATCH) await new Promise((resolve) => setTimeout(resolve, DISPATCH_IDLE_MS));
    }
  };
  running = dispatchLoop();
  const sweep = setInterval(() => {
    deliverDue(withQueue, { limit: 200, ...only }).catch((error) =>
      console.error('webhook sweep failed', error),
    );
  }, SWEEP_MS);
  return async () => {
    stopped = true;
    clearInterval(sweep);
    await running;
  };
}
