// A billing worker in a process of its own, for test/postgres/worker-killed.test.ts to kill -9:
// the product's queue and billing workers on TEST_DATABASE_URL, with the test's own pg-boss schema.
import { BILLING_QUEUES, startBillingWorkers } from '../../src/billing/billing-jobs.ts';
import { systemClock } from '../../src/clock.ts';
import { openDatabase } from '../../src/db/database.ts';
import { startQueue } from '../../src/jobs/queue.ts';

const handle = await openDatabase({ url: process.env.TEST_DATABASE_URL, poolSize: 2 });
const queue = await startQueue(handle, BILLING_QUEUES, { schema: process.env.KASSA_TEST_QUEUE_SCHEMA });
await startBillingWorkers({ db: handle.db, clock: systemClock }, queue);
console.log('worker ready');
