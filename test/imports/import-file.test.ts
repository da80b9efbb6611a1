import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { commandLineActor } from '../../src/context.ts';
import { csvDelimiter, decodeImportFile, fileRows, importOrdersFile } from '../../src/imports/import-file.ts';
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

describe('CSV as files really are', () => {
  it('finds the separator from the header: ; and tab as Nordic and German Excel write them, else the comma', () => {
    expect(csvDelimiter('externalSystemId;planTerms;quantity')).toBe(';');
    expect(csvDelimiter('externalSystemId\tplanTerms\tquantity')).toBe('\t');
    expect(csvDelimiter('externalSystemId,planTerms,quantity')).toBe(',');
    expect(csvDelimiter('"a;b",c')).toBe(',');
  });

  it('reads a Danish Excel file: BOM, ;, Windows line ends, a quoted line break, a decimal comma', () => {
    const file =
      '\uFEFFexternalSystemId;planTerms;invoiceCustomerId;quantity;startDate;paymentMethod;reference;price\r\n' +
      'DK-1;PAPER;R1;2;2025-01-01;invoice;"Ærø; 1. sal\r\nbagindgang";8,50\r\n' +
      '\r\n' +
      'DK-2;PAPER;R2;1;2025-01-01\r\n' +
      'DK-3;PAPER;R3;1;2025-01-01;card;"sagt ""hej""";\r\n';
    expect(fileRows(file, 'csv')).toEqual([
      {
        line: 2,
        error: null,
        value: {
          externalSystemId: 'DK-1',
          planTerms: 'PAPER',
          invoiceCustomerId: 'R1',
          quantity: 2,
          startDate: '2025-01-01',
          paymentMethod: 'invoice',
          reference: 'Ærø; 1. sal\nbagindgang',
          price: '8.50',
        },
      },
      { line: 5, error: 'expected 8 fields', value: 'DK-2;PAPER;R2;1;2025-01-01' },
      {
        line: 6,
        error: null,
        value: {
          externalSystemId: 'DK-3',
          planTerms: 'PAPER',
          invoiceCustomerId: 'R3',
          quantity: 1,
          startDate: '2025-01-01',
          paymentMethod: 'card',
          reference: 'sagt "hej"',
        },
      },
    ]);
  });

  it('imports a Swedish tab-separated file, and refuses a Windows-1252 one naming its line', async () => {
    const ctx = { ...t.services, actor: commandLineActor(t.org) };
    const tsv =
      'externalSystemId\tplanTerms\tinvoiceCustomerId\tquantity\tstartDate\tpaymentMethod\tprice\n' +
      'SE-1\tPAPER\tR4\t1\t2025-01-01\tinvoice\t12,00\n';
    const report = await importOrdersFile(ctx, tsv, 'csv');
    expect(report).toMatchObject({ rows: 1, created: 1, refused: 0 });
    // Seed 003's own header name for the plan terms.
    const seedCsv =
      'externalSystemId;plenigoOfferId;invoiceCustomerId;quantity;startDate;paymentMethod\nSE-2;PAPER;R5;1;2025-01-01;card\n';
    expect(await importOrdersFile(ctx, seedCsv, 'csv')).toMatchObject({ rows: 1, created: 1, refused: 0 });
    const latin = Buffer.from('externalSystemId;planTerms\nX;Kl\xe4der\n', 'latin1');
    expect(decodeImportFile(latin)).toMatchObject({ ok: false, line: 2 });
  });

  it('answers a filter of the import log that is not one with 400 naming it, not 500', async () => {
    for (const query of [
      'outcome=bogus',
      'source=ftp',
      'created_date__gte=2025-02-30',
      'limit=0',
      'outcom=refused',
    ]) {
      const res = await t.app.inject({
        url: `/api/v1/imports/log/?${query}`,
        headers: authHeaders(t.org.tokens.import),
      });
      expect(res.statusCode, query).toBe(400);
      expect(res.json().errors[0].field, query).toMatch(/^query\./);
    }
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
    // Other tests of this file import into the same organization: count what this file adds.
    const before = (await call('GET', '/api/v1/subscriptions/?limit=1')).json().count as number;
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
    expect(subscriptions.json().count - before).toBe(ROWS - bad.size);
    const log = await t.app.inject({
      url: '/api/v1/imports/log/?outcome=refused&limit=1',
      headers: authHeaders(t.org.tokens.import),
    });
    expect(log.json().count).toBe(bad.size);
    console.log(`imported ${ROWS} rows in ${seconds.toFixed(1)} s`);
  }, 600_000);
});
