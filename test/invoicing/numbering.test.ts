import { sql } from 'kysely';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { isPaymentReference, paymentReference } from '../../src/domain/payment-references.ts';
import { billOn } from '../support/billing.ts';
import {
  authHeaders,
  createTestApp,
  createTestOrganization,
  type TestApp,
  type TestOrganization,
} from '../support/test-app.ts';

/**
 * Gapless invoice numbers under concurrency: sends fired at once, some of which fail after their
 * number was taken. On PGlite the single connection runs the transactions one after another; on
 * PostgreSQL they really race, and the series row's lock must order them.
 */
let t: TestApp;

const call = (
  method: 'POST' | 'GET' | 'PATCH',
  url: string,
  payload?: object,
  org: TestOrganization = t.org,
) =>
  t.app.inject({
    method,
    url,
    headers: authHeaders(org.tokens.full),
    ...(payload ? { payload } : {}),
  });

const invoiceNumbers = (year: number, from: number, to: number) =>
  Array.from({ length: to - from + 1 }, (_, i) => `${year}-${String(from + i).padStart(6, '0')}`);

const codes = (prefix: string, from: number, to: number) =>
  Array.from({ length: to - from + 1 }, (_, i) => `${prefix}${String(from + i).padStart(3, '0')}`);

/** The first 50 accounts, sent all at once. */
const FIRST_WAVE = codes('N', 1, 50);
/** The second wave: 40 that succeed, with the 10 that fail after the 3rd, 7th, 11th, … of them. */
const FAILING = codes('FAIL', 1, 10);
const SECOND_WAVE = [...codes('N', 51, 90)].flatMap((code, i) =>
  i % 4 === 2 ? [code, FAILING[(i - 2) / 4]!] : [code],
);

/** The open draft of each account code. */
const draftOf = new Map<string, string>();

async function setUpOrganization(org: TestOrganization, accounts: readonly string[], start: string) {
  const plan = await call('POST', '/api/v1/plans/', { code: 'P', name: 'Plan' }, org);
  expect(plan.statusCode, plan.body).toBe(201);
  const terms = await call(
    'POST',
    '/api/v1/plan-terms/',
    { plan: 'P', code: 'M', name: 'Monthly', price: '100', interval: 'month' },
    org,
  );
  expect(terms.statusCode, terms.body).toBe(201);
  for (const code of accounts) {
    const account = await call(
      'POST',
      '/api/v1/accounts/',
      { code, name: `Kunde ${code}`, email: `${code.toLowerCase()}@example.com`, legal_country: 'DK' },
      org,
    );
    expect(account.statusCode, account.body).toBe(201);
    const subscription = await call(
      'POST',
      '/api/v1/subscriptions/',
      { account: code, terms: 'M', start_date: start },
      org,
    );
    expect(subscription.statusCode, subscription.body).toBe(201);
  }
}

/** Maps account code → open draft of the organization's accounts. */
async function openDrafts(org: TestOrganization): Promise<Map<string, string>> {
  const accounts = await call('GET', '/api/v1/accounts/?limit=500', undefined, org);
  const codeOf = new Map<string, string>(
    accounts.json().results.map((a: { uuid: string; code: string }) => [a.uuid, a.code]),
  );
  const drafts = await call('GET', '/api/v1/invoice-drafts/?status=draft&limit=500', undefined, org);
  expect(drafts.statusCode, drafts.body).toBe(200);
  return new Map(
    drafts.json().results.map((d: { uuid: string; account: string }) => [codeOf.get(d.account)!, d.uuid]),
  );
}

const send = (draft: string, org: TestOrganization = t.org) =>
  call('POST', `/api/v1/invoice-drafts/${draft}/send/`, undefined, org);

async function sendAll(accountCodes: readonly string[]) {
  return Promise.all(
    accountCodes.map(async (code) => {
      const draft = draftOf.get(code);
      if (!draft) throw new Error(`no open draft of ${code}`);
      const res = await send(draft);
      return { code, res };
    }),
  );
}

async function lastValueOfSeries(organizationId: string, series: 'invoice' | 'credit_note', period: string) {
  const row = await t.handle.db
    .selectFrom('number_series')
    .select('last_value')
    .where('organization_id', '=', organizationId)
    .where('series', '=', series)
    .where('period', '=', period)
    .executeTakeFirst();
  return row === undefined ? undefined : Number(row.last_value);
}

async function allInvoiceNumbers(org: TestOrganization = t.org): Promise<string[]> {
  const list = await call('GET', '/api/v1/invoices/?limit=500', undefined, org);
  expect(list.statusCode, list.body).toBe(200);
  return list
    .json()
    .results.map((i: { number: string }) => i.number)
    .sort();
}

// The failing sends: a trigger refuses the lines of any invoice of an account whose code starts with
// FAIL, so the send's transaction rolls back after takeNextNumber took its number. Named after the
// organization and limited to it, so the other test files sharing a PostgreSQL database never see it.
const triggerName = () => `kassa_test_fail_${t.org.id.replaceAll('-', '')}`;

async function installFailingTrigger() {
  const name = triggerName();
  await sql
    .raw(`
      create function ${name}() returns trigger language plpgsql as $$
      begin
        if exists (
          select 1 from invoices i
          join accounts a on a.organization_id = i.organization_id and a.id = i.account_id
          where i.organization_id = new.organization_id and i.id = new.invoice_id and a.code like 'FAIL%'
        ) then
          raise exception 'numbering test: lines of invoice % refused', new.invoice_id;
        end if;
        return new;
      end
      $$`)
    .execute(t.handle.db);
  await sql
    .raw(`
      create trigger ${name} before insert on invoice_lines for each row
      when (new.organization_id = '${t.org.id}'::uuid) execute function ${name}()`)
    .execute(t.handle.db);
}

async function dropFailingTrigger() {
  const name = triggerName();
  await sql.raw(`drop trigger if exists ${name} on invoice_lines`).execute(t.handle.db);
  await sql.raw(`drop function if exists ${name}()`).execute(t.handle.db);
}

beforeAll(async () => {
  t = await createTestApp({ now: '2025-01-01T08:00:00Z' });
  const settings = await call('PATCH', '/api/v1/organization/', {
    name: 'Nordlys ApS',
    payment_reference_scheme: 'no_kid_mod11',
    payment_terms_days: 14,
  });
  expect(settings.statusCode, settings.body).toBe(200);
  expect(settings.json().invoice_number_format).toBe('{YYYY}-{SEQ:6}');
  await setUpOrganization(t.org, [...FIRST_WAVE, ...SECOND_WAVE], '2025-01-01');
  await billOn(t, '2025-01-01');
  for (const [code, draft] of await openDrafts(t.org)) draftOf.set(code, draft);
  expect(draftOf.size).toBe(100);
}, 120_000);

afterAll(async () => {
  if (t) {
    await dropFailingTrigger();
    await t.close();
  }
});

describe('invoice numbers under concurrent sending', () => {
  it('50 sends at once number 2025-000001 to 2025-000050: no gap, no duplicate', async () => {
    const sent = await sendAll(FIRST_WAVE);
    expect(sent.map(({ res }) => res.statusCode)).toEqual(FIRST_WAVE.map(() => 201));
    const numbers = sent.map(({ res }) => res.json().number as string);
    expect(new Set(numbers).size).toBe(50);
    expect([...numbers].sort()).toEqual(invoiceNumbers(2025, 1, 50));
    for (const { res } of sent) {
      const invoice = res.json();
      // The KID comes from the invoice's own number (MOD11 appends a zero where the check would be 10).
      expect(invoice.payment_reference).toBe(
        paymentReference('no_kid_mod11', invoice.number.replace(/\D/g, '')),
      );
      expect(isPaymentReference('no_kid_mod11', invoice.payment_reference)).toBe(true);
    }
    expect(await allInvoiceNumbers()).toEqual(invoiceNumbers(2025, 1, 50));
    expect(await lastValueOfSeries(t.org.id, 'invoice', '2025')).toBe(50);
  });

  it('sends that fail after taking their number give it back: the 40 that succeed are 51 to 90', async () => {
    expect(SECOND_WAVE).toHaveLength(50);
    expect(SECOND_WAVE.slice(0, 6)).toEqual(['N051', 'N052', 'N053', 'FAIL001', 'N054', 'N055']);
    await installFailingTrigger();
    try {
      const sent = await sendAll(SECOND_WAVE);
      const failed = sent.filter(({ code }) => code.startsWith('FAIL'));
      const succeeded = sent.filter(({ code }) => !code.startsWith('FAIL'));
      expect(failed).toHaveLength(10);
      for (const { res } of failed) {
        expect(res.statusCode, res.body).toBe(500);
        expect(res.json().code).toBe('internal_error');
      }
      expect(succeeded.map(({ res }) => res.statusCode)).toEqual(succeeded.map(() => 201));
      expect(succeeded.map(({ res }) => res.json().number as string).sort()).toEqual(
        invoiceNumbers(2025, 51, 90),
      );
    } finally {
      await dropFailingTrigger();
    }
    // Nothing of the failed sends stayed: their drafts are still open, no invoice of theirs exists.
    const open = await openDrafts(t.org);
    expect([...open.keys()].sort()).toEqual(FAILING);
    const failedInvoices = await call('GET', '/api/v1/invoices/?account=FAIL001');
    expect(failedInvoices.json().results).toEqual([]);
    expect(await allInvoiceNumbers()).toEqual(invoiceNumbers(2025, 1, 90));
    expect(await lastValueOfSeries(t.org.id, 'invoice', '2025')).toBe(90);
  });

  it('the failed drafts, sent again without the trigger, continue the series with 91 to 100', async () => {
    const sent = await sendAll(FAILING);
    expect(sent.map(({ res }) => res.statusCode)).toEqual(FAILING.map(() => 201));
    expect(sent.map(({ res }) => res.json().number as string).sort()).toEqual(invoiceNumbers(2025, 91, 100));
    expect(await allInvoiceNumbers()).toEqual(invoiceNumbers(2025, 1, 100));
    expect(await lastValueOfSeries(t.org.id, 'invoice', '2025')).toBe(100);
    expect((await openDrafts(t.org)).size).toBe(0);
  });

  it('credit notes have their own series: the first after 100 invoices is CN-2025-000001', async () => {
    const [first] = (await call('GET', '/api/v1/invoices/?number=2025-000100')).json().results;
    expect(first.number).toBe('2025-000100');
    const note = await call('POST', `/api/v1/invoices/${first.uuid}/credit-notes/`);
    expect(note.statusCode, note.body).toBe(201);
    expect(note.json().number).toBe('CN-2025-000001');
    expect(await lastValueOfSeries(t.org.id, 'credit_note', '2025')).toBe(1);
    expect(await lastValueOfSeries(t.org.id, 'invoice', '2025')).toBe(100);
  });
});

describe('number formats', () => {
  it.each([
    ['{YYYY}-INV', 'must contain {SEQ} or {SEQ:n} exactly once'],
    ['{SEQ}-{SEQ:4}', 'must contain {SEQ} or {SEQ:n} exactly once'],
    ['INV{-{SEQ}', 'knows only {YYYY}, {YY} and {SEQ:n}'],
    ['{MM}/{SEQ}', 'knows only {YYYY}, {YY} and {SEQ:n}'],
    ['{SEQ:13}', 'the width of {SEQ:n} must be 1 to 12'],
    ['F {SEQ}', 'may hold only letters, digits and - / _ . besides its tokens'],
  ])('refuses the invoice number format %s: 400 naming the field', async (format, message) => {
    const res = await call('PATCH', '/api/v1/organization/', { invoice_number_format: format });
    expect(res.statusCode, res.body).toBe(400);
    expect(res.json().code).toBe('validation_failed');
    expect(res.json().errors).toEqual([
      { field: 'invoice_number_format', code: 'custom', message: `invoice_number_format: ${message}` },
    ]);
  });

  it('refuses a bad credit note format under its own field, and keeps both formats unchanged', async () => {
    const res = await call('PATCH', '/api/v1/organization/', { credit_note_number_format: 'CN-{YYYY}' });
    expect(res.statusCode, res.body).toBe(400);
    expect(res.json().errors.map((e: { field: string }) => e.field)).toEqual(['credit_note_number_format']);
    const settings = (await call('GET', '/api/v1/organization/')).json();
    expect(settings.invoice_number_format).toBe('{YYYY}-{SEQ:6}');
    expect(settings.credit_note_number_format).toBe('CN-{YYYY}-{SEQ:6}');
  });

  it('a yearly format restarts on 1 January; credit notes restart too; {YY} shares the year’s series', async () => {
    const org = await createTestOrganization(t.services);
    await setUpOrganization(org, ['B1', 'B2'], '2025-12-01');
    await billOn(t, '2025-12-01', org);
    let drafts = await openDrafts(org);

    const december1 = await send(drafts.get('B1')!, org);
    expect(december1.statusCode, december1.body).toBe(201);
    expect(december1.json()).toMatchObject({ number: '2025-000001', issue_date: '2025-12-01' });
    const note1 = await call(
      'POST',
      `/api/v1/invoices/${december1.json().uuid}/credit-notes/`,
      undefined,
      org,
    );
    expect(note1.json().number).toBe('CN-2025-000001');
    const december2 = await send(drafts.get('B2')!, org);
    expect(december2.json().number).toBe('2025-000002');
    const note2 = await call(
      'POST',
      `/api/v1/invoices/${december2.json().uuid}/credit-notes/`,
      undefined,
      org,
    );
    expect(note2.json().number).toBe('CN-2025-000002');

    await billOn(t, '2026-01-01', org);
    drafts = await openDrafts(org);
    const january1 = await send(drafts.get('B1')!, org);
    expect(january1.statusCode, january1.body).toBe(201);
    expect(january1.json()).toMatchObject({ number: '2026-000001', issue_date: '2026-01-01' });
    const note3 = await call(
      'POST',
      `/api/v1/invoices/${january1.json().uuid}/credit-notes/`,
      undefined,
      org,
    );
    expect(note3.json().number).toBe('CN-2026-000001');

    // A new format showing the year continues that year's series rather than starting another.
    const changed = await call(
      'PATCH',
      '/api/v1/organization/',
      { invoice_number_format: 'INV{YY}/{SEQ:4}' },
      org,
    );
    expect(changed.statusCode, changed.body).toBe(200);
    expect(changed.json().invoice_number_format).toBe('INV{YY}/{SEQ:4}');
    const january2 = await send(drafts.get('B2')!, org);
    expect(january2.json().number).toBe('INV26/0002');

    expect(await lastValueOfSeries(org.id, 'invoice', '2025')).toBe(2);
    expect(await lastValueOfSeries(org.id, 'invoice', '2026')).toBe(2);
    expect(await lastValueOfSeries(org.id, 'credit_note', '2025')).toBe(2);
    expect(await lastValueOfSeries(org.id, 'credit_note', '2026')).toBe(1);
    expect(await allInvoiceNumbers(org)).toEqual(['2025-000001', '2025-000002', '2026-000001', 'INV26/0002']);
    // The first organization's series were not touched by the second's.
    expect(await lastValueOfSeries(t.org.id, 'invoice', '2026')).toBeUndefined();
  });
});
