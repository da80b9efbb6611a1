import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { commandLineActor } from '../../src/context.ts';
import { csvFields, importOrdersFile } from '../../src/imports/import-file.ts';
import { authHeaders, createTestApp, type TestApp } from '../support/test-app.ts';

let t: TestApp;
const call = (method: 'POST' | 'GET', url: string, payload?: object) =>
  t.app.inject({ method, url, headers: authHeaders(t.org.tokens.full), ...(payload ? { payload } : {}) });
// The whole 10,000 on PostgreSQL, where rows run side by side; the embedded database (one connection,
// about 13 ms a row) takes the same file cut to 1,000 rows.
const ROWS = process.env.KASSA_TEST_DB === 'postgres' ? 10_000 : 1_000;
const BAD_EVERY = ROWS / 10;

beforeAll(async () => {
  t = await createTestApp({ now: '2025-01-01T08:00:00Z' });
  await call('POST', '/api/v1/plans/', { code: 'NEWS', name: 'Newspaper' });
  await call('POST', '/api/v1/plan-terms/', {
    plan: 'NEWS',
    code: 'PAPER',
    price: '9.90',
    interval: 'month',
    externally_managed: true,
  });
  for (let i = 0; i < 40; i++)
    await call('POST', '/api/v1/accounts/', {
      code: `R${i}`,
      name: `Reader "${i}", Esq.`,
      email: `r${i}@example.com`,
    });
});
afterAll(async () => t.close());

describe('csv fields', () => {
  it('reads quoted fields with commas and doubled quotes, and refuses an unclosed quote', () => {
    expect(csvFields('a,"b,c","say ""hi""",')).toEqual(['a', 'b,c', 'say "hi"', '']);
    expect(csvFields('"open')).toBeNull();
  });
});

describe('kassa import orders FILE', () => {
  it(`imports a CSV of ${ROWS} rows with some bad ones, with a correct report`, async () => {
    const lines = [
      'externalSystemId,planTerms,invoiceCustomerId,quantity,startDate,paymentMethod,endDate,reference',
    ];
    const bad = new Map<number, string>();
    for (let i = 0; i < ROWS; i++) {
      const line = i + 2;
      if (i % BAD_EVERY === 7) {
        lines.push(`X-${i},PAPER,NOBODY,1,2025-01-01,invoice,,`);
        bad.set(line, 'no account NOBODY');
      } else if (i % BAD_EVERY === 8) {
        lines.push(`X-${i},PAPER,R1,many,2025-01-01,invoice,,`);
        bad.set(line, 'quantity');
      } else if (i % BAD_EVERY === 9) {
        lines.push(`X-${i},PAPER,R1,1,2025-01-01`);
        bad.set(line, 'expected 8 fields');
      } else lines.push(`X-${i},PAPER,R${i % 40},${1 + (i % 3)},2025-01-01,invoice,,"ref, ${i}"`);
    }
    // The first row once more, unchanged: a replay in the same file changes nothing.
    lines.push('X-0,PAPER,R0,1,2025-01-01,invoice,,"ref, 0"');
    const started = Date.now();
    const report = await importOrdersFile(
      { ...t.services, actor: commandLineActor(t.org) },
      `${lines.join('\n')}\n`,
      'csv',
      { concurrency: t.handle.kind === 'postgres' ? 8 : 1 },
    );
    const seconds = (Date.now() - started) / 1000;
    expect(report).toMatchObject({
      rows: ROWS + 1,
      created: ROWS - bad.size,
      updated: 0,
      unchanged: 1,
      refused: bad.size,
    });
    const refused = report.lines.filter((l) => l.outcome === 'refused');
    expect(refused.map((l) => l.line)).toEqual([...bad.keys()]);
    for (const line of refused) expect(line.error).toContain(bad.get(line.line));
    const subscriptions = await call('GET', '/api/v1/subscriptions/?limit=1');
    expect(subscriptions.json().count).toBe(ROWS - bad.size);
    const log = await t.app.inject({
      url: '/api/v1/imports/log/?outcome=refused&limit=1',
      headers: authHeaders(t.org.tokens.import),
    });
    expect(log.json().count).toBe(bad.size);
    console.log(`imported ${ROWS} rows in ${seconds.toFixed(1)} s`);
  }, 600_000);
});
