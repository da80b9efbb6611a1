import { sql } from 'kysely';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { billOn, draftsOf, monthlyPlan } from '../support/billing.ts';
import { authHeaders, createTestApp, type TestApp } from '../support/test-app.ts';

/**
 * A draft sent while a billing run writes to the account: sending holds the draft FOR UPDATE and
 * turns it into an invoice. The run must not put its lines on that draft (they would be on no
 * invoice, and never billed again); it waits, sees the draft is gone, and opens a new one.
 */
let t: TestApp;
const post = (url: string, payload: object) =>
  t.app.inject({ method: 'POST', url, headers: authHeaders(t.org.tokens.full), payload });

beforeAll(async () => {
  t = await createTestApp({ now: '2025-01-01T08:00:00Z' });
  await monthlyPlan(t, '100');
  await post('/api/v1/accounts/', { code: 'A', name: 'A', email: 'a@example.com' });
  const sub = await post('/api/v1/subscriptions/', { account: 'A', terms: 'M', start_date: '2025-01-01' });
  expect(sub.statusCode, sub.body).toBe(201);
});
afterAll(async () => t.close());

describe('a draft sent while the run writes', () => {
  it('gets none of the run’s lines: they go onto a new draft', async () => {
    expect(await billOn(t, '2025-01-01')).toBe(1);
    const [january] = await draftsOf(t, 'A');
    let run: Promise<number> | undefined;
    await t.handle.db.transaction().execute(async (sending) => {
      // What sendDraft does: hold the draft, then mark it sent (here after the run has reached it).
      await sql`select id from invoice_drafts where id = ${january!.uuid} for update`.execute(sending);
      run = billOn(t, '2025-02-01');
      await new Promise((resolve) => setTimeout(resolve, 500));
      await sql`update invoice_drafts set status = 'sent' where id = ${january!.uuid}`.execute(sending);
    });
    expect(await run).toBe(1);
    const lines = await sql<{ draft_id: string; period_start: string; status: string }>`
      select l.draft_id, l.period_start::text, d.status from invoice_draft_lines l
      join invoice_drafts d on d.organization_id = l.organization_id and d.id = l.draft_id
      where l.organization_id = ${t.org.id} order by l.period_start`.execute(t.handle.db);
    expect(lines.rows.map((l) => [l.period_start, l.status])).toEqual([
      ['2025-01-01', 'sent'],
      ['2025-02-01', 'draft'],
    ]);
    expect(lines.rows[1]!.draft_id).not.toBe(january!.uuid);
  });
});
