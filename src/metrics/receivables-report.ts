import { accountsByIds } from '../accounts/find-account.ts';
import type { UseCaseContext } from '../context.ts';
import { formatMinorUnits } from '../domain/money.ts';
import { AGE_BUCKETS, type Ageing, ageItems } from '../domain/receivables.ts';
import { ok } from '../errors.ts';
import { openItemsOn } from './invoice-figures.ts';

function formatAgeing(ageing: Ageing, currency: string) {
  const view: Record<string, string | number> = {
    total: formatMinorUnits(ageing.total, currency),
    invoices: ageing.invoices,
  };
  for (const bucket of AGE_BUCKETS) view[bucket] = formatMinorUnits(ageing[bucket], currency);
  return view as { total: string; invoices: number } & Record<(typeof AGE_BUCKETS)[number], string>;
}

/**
 * What was owed at the close of a day, by currency and by age, and the accounts that owed it (largest
 * first), computed from invoices, payments and credit notes as of that day.
 */
export async function receivablesReport(
  ctx: UseCaseContext,
  input: { date: string; currency?: string | undefined },
) {
  const org = ctx.actor.organization;
  const items = (await openItemsOn(ctx.db, org.id, input.date, org.timezone)).filter(
    (i) => input.currency === undefined || i.currency === input.currency,
  );
  const byCurrency = ageItems(items, input.date, (i) => i.currency);
  const byAccount = ageItems(items, input.date, (i) => `${i.account}|${i.currency}`);
  const accounts = await accountsByIds(
    ctx.db,
    org.id,
    items.map((i) => i.account),
  );
  const accountRows = [...byAccount.entries()]
    .map(([key, ageing]) => {
      const [account, currency] = key.split('|') as [string, string];
      return { account, currency, ageing };
    })
    .sort((a, b) => b.ageing.total - a.ageing.total || (a.account < b.account ? -1 : 1));
  return ok({
    date: input.date,
    currencies: [...byCurrency.entries()]
      .sort(([a], [b]) => (a < b ? -1 : 1))
      .map(([currency, ageing]) => ({ currency, ...formatAgeing(ageing, currency) })),
    accounts: accountRows.map(({ account, currency, ageing }) => ({
      account: {
        uuid: account,
        code: accounts.get(account)?.code ?? '',
        name: accounts.get(account)?.name ?? '',
      },
      currency,
      ...formatAgeing(ageing, currency),
    })),
  });
}
