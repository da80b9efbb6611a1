import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createAccount } from '../../src/accounts/create-account.ts';
import { commandLineActor } from '../../src/context.ts';
import { createWarehouse, type Warehouse } from '../support/export-replay.ts';
import { authHeaders, createTestApp, type TestApp } from '../support/test-app.ts';

/**
 * Exports while others write. A transaction that began before an export and commits after it (T1
 * below) has a lower transaction id than one that committed before the export (T2): a cursor by time
 * or by id would skip T1's account for good. The export reads only changes below the oldest running
 * transaction, so T2's account waits with T1's for the next export, and both arrive exactly once.
 */
let t: TestApp;
let warehouse: Warehouse;

beforeAll(async () => {
  t = await createTestApp();
  warehouse = await createWarehouse(t.handle.db);
});
afterAll(async () => {
  await warehouse.drop();
  await t.close();
});

const exportAccounts = async (since?: string) => {
  const res = await t.app.inject({
    url: `/api/v1/exports/accounts/${since ? `?updated_since=${since}` : ''}`,
    headers: authHeaders(t.org.tokens.read),
  });
  expect(res.statusCode, res.body).toBe(200);
  const lines = res.body
    .trim()
    .split('\n')
    .map((line) => JSON.parse(line));
  return {
    body: res.body,
    codes: lines.filter((l) => l.code).map((l) => l.code as string),
    cursor: lines.at(-1)._cursor as string,
  };
};
/**
 * Exports from a cursor until `count` accounts came (other test files share the database, and their
 * open transactions hold the horizon back for a moment), applying each to the warehouse.
 */
async function drain(cursor: string, count: number) {
  const codes: string[] = [];
  const deadline = Date.now() + 20_000;
  for (;;) {
    const next = await exportAccounts(cursor);
    await warehouse.apply('accounts', next.body, t.org.id);
    codes.push(...next.codes);
    cursor = next.cursor;
    if (codes.length >= count || Date.now() > deadline) return { codes, cursor };
    await new Promise((resolve) => setTimeout(resolve, 50));
  }
}
const ctx = () => ({ ...t.services, actor: commandLineActor(t.org) });
const account = (code: string) => ({ code, name: code, email: `${code}@example.com` });

describe('the export cursor under concurrent writes', () => {
  it('delivers a change committed after an export began, even behind a later one, once', async () => {
    expect((await createAccount(ctx(), account('BEFORE'))).ok).toBe(true);
    const first = await exportAccounts();
    expect(first.codes).toEqual(['BEFORE']);
    await warehouse.apply('accounts', first.body, t.org.id);

    let second: Awaited<ReturnType<typeof exportAccounts>> | undefined;
    await t.handle.db.transaction().execute(async (t1) => {
      await t1
        .insertInto('accounts')
        .values({
          organization_id: t.org.id,
          id: '01900000-0000-7000-8000-0000000000a1',
          code: 'SLOW',
          name: 'SLOW',
          email: 'slow@example.com',
          type: 'company',
          legal_country: 'DK',
          language: 'da',
          currency: 'DKK',
          created_at: new Date(),
          updated_at: new Date(),
        })
        .execute();
      // T2 commits while T1 is open; an export runs now.
      expect((await createAccount(ctx(), account('FAST'))).ok).toBe(true);
      second = await exportAccounts(first.cursor);
    });
    expect(second!.codes).toEqual([]);
    await warehouse.apply('accounts', second!.body, t.org.id);

    const third = await drain(second!.cursor, 2);
    expect(third.codes.sort()).toEqual(['FAST', 'SLOW']);
    expect((await exportAccounts(third.cursor)).codes).toEqual([]);
    expect((await warehouse.differences(t.org.id)).accounts).toBe(0);
  });

  it('many writers and exports at once: the exports together hold every account exactly once', async () => {
    const codes = Array.from({ length: 40 }, (_, i) => `W${i}`);
    const start = await drain((await exportAccounts()).cursor, 0);
    const writers = Promise.all(codes.map((code) => createAccount(ctx(), account(code))));
    const during = await drain(start.cursor, codes.length);
    await writers;
    // Once more after the writers are done: nothing may come twice.
    const after = await exportAccounts(during.cursor);
    expect([...during.codes, ...after.codes].sort()).toEqual([...codes].sort());
    expect((await warehouse.differences(t.org.id)).accounts).toBe(0);
  });
});
