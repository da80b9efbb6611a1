import { Card, SimpleGrid, Text } from '@mantine/core';
import type { ReactNode } from 'react';
import { formatDate, formatMoney, formatNumber } from '../../format.ts';
import { useLanguage, useT } from '../../i18n/i18n.tsx';
import type { CurrencySummary, Summary } from './metrics.ts';

/** The dashboard's figures: per currency, or every currency converted to the organization's. */

function Stat({ id, label, value, hint }: { id: string; label: string; value: ReactNode; hint?: ReactNode }) {
  return (
    <Card withBorder radius="md" padding="md" data-testid={`stat-${id}`}>
      <Text size="sm" c="gray.7">
        {label}
      </Text>
      <Text component="div" fz={20} fw={700} data-testid="stat-value">
        {value}
      </Text>
      {hint && (
        <Text size="xs" c="gray.7">
          {hint}
        </Text>
      )}
    </Card>
  );
}

type AccountFigures = Pick<
  CurrencySummary,
  'paying_accounts' | 'arpa' | 'logo_churn_rate' | 'gross_mrr_churn_rate' | 'net_mrr_churn_rate' | 'dso'
>;

/** Paying accounts, ARPA, the churn rates and DSO: the same figures per currency and converted. */
function AccountStats({
  figures,
  money,
  period,
}: {
  figures: AccountFigures;
  money: (value: string | null) => string;
  period: string;
}) {
  const t = useT();
  const { language } = useLanguage();
  const rate = (v: string | null) => (v === null ? '—' : `${formatNumber(v, language)} %`);
  const f = figures;
  return (
    <>
      <Stat
        id="paying-accounts"
        label={t('dashboard.payingAccounts')}
        value={formatNumber(f.paying_accounts, language)}
      />
      <Stat id="arpa" label={t('dashboard.arpa')} value={money(f.arpa)} />
      <Stat id="logo-churn" label={t('dashboard.logoChurn')} value={rate(f.logo_churn_rate)} hint={period} />
      <Stat
        id="gross-churn"
        label={t('dashboard.grossChurn')}
        value={rate(f.gross_mrr_churn_rate)}
        hint={period}
      />
      <Stat id="net-churn" label={t('dashboard.netChurn')} value={rate(f.net_mrr_churn_rate)} hint={period} />
      <Stat
        id="dso"
        label={t('dashboard.dso')}
        value={f.dso === null ? '—' : t('dashboard.days', { days: formatNumber(f.dso, language) })}
        hint={period}
      />
    </>
  );
}

function usePeriod(summary: Summary) {
  const t = useT();
  const { language } = useLanguage();
  return t('dashboard.period', {
    from: formatDate(summary.period.start, language),
    to: formatDate(summary.period.end, language),
  });
}

export function Figures({ summary, c }: { summary: Summary; c: CurrencySummary }) {
  const t = useT();
  const { language } = useLanguage();
  const money = (v: string | null) => (v === null ? '—' : formatMoney(v, c.currency, language));
  const rate = (v: string | null) => (v === null ? '—' : `${formatNumber(v, language)} %`);
  return (
    <SimpleGrid cols={{ base: 2, sm: 3, lg: 5 }}>
      <Stat id="mrr" label={t('dashboard.mrr')} value={money(c.mrr)} />
      <Stat id="arr" label={t('dashboard.arr')} value={money(c.arr)} />
      <Stat
        id="active-subscriptions"
        label={t('overview.activeSubscriptions')}
        value={formatNumber(c.active_subscriptions, language)}
      />
      <AccountStats figures={c} money={money} period={usePeriod(summary)} />
      <Stat
        id="trials"
        label={t('dashboard.trialConversion')}
        value={rate(summary.trials.conversion_rate)}
        hint={t('dashboard.trialsEnded', {
          converted: summary.trials.converted,
          ended: summary.trials.ended,
        })}
      />
    </SimpleGrid>
  );
}

/** With exchange rates: every currency together in the organization's, each at its day's rate. */
export function ConvertedFigures({
  summary,
  converted,
}: {
  summary: Summary;
  converted: NonNullable<Summary['converted']>;
}) {
  const t = useT();
  const { language } = useLanguage();
  const money = (v: string | null) => (v === null ? '—' : formatMoney(v, converted.currency, language));
  const hint =
    converted.missing_currencies.length > 0
      ? t('overview.convertedMissing', {
          currency: converted.currency,
          missing: converted.missing_currencies.join(', '),
        })
      : t('overview.converted', { currency: converted.currency });
  return (
    <SimpleGrid cols={{ base: 2, sm: 3, lg: 5 }}>
      <Stat id="mrr" label={t('dashboard.mrr')} value={money(converted.mrr)} hint={hint} />
      <Stat id="arr" label={t('dashboard.arr')} value={money(converted.arr)} hint={hint} />
      <AccountStats figures={converted} money={money} period={usePeriod(summary)} />
      <Stat id="invoiced" label={t('dashboard.invoiced')} value={money(converted.invoiced)} />
      <Stat id="paid" label={t('dashboard.paid')} value={money(converted.paid)} />
      <Stat
        id="receivables"
        label={t('dashboard.receivablesTotal')}
        value={money(converted.receivables.total)}
      />
    </SimpleGrid>
  );
}
