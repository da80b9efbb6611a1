import { Card, SimpleGrid, Skeleton, Stack, Text } from '@mantine/core';
import { useQuery } from '@tanstack/react-query';
import type { ReactNode } from 'react';
import { api, data } from '../api/client.ts';
import { AnchorLink } from '../components/AnchorLink.tsx';
import { PageHeader } from '../components/PageHeader.tsx';
import { formatMoney, formatNumber } from '../format.ts';
import { type MessageId, useLanguage, useT } from '../i18n/i18n.tsx';
import { addDecimals, type CurrencySummary, overdue, type Summary, useSummary } from './dashboard/metrics.ts';

/**
 * The figures a bookkeeper opens the day with: MRR, active subscriptions, invoiced and paid this month
 * and what is overdue from the metrics API (docs/metrics.md), the work waiting (drafts, orders to
 * approve, overdue invoices) counted by the lists. Each figure links to what is behind it.
 */
function Figure(props: {
  id: string;
  label: MessageId;
  to: '/dashboard' | '/subscriptions' | '/invoices' | '/payments' | '/billing' | '/orders' | '/accounts';
  search?: { tab: string };
  children: ReactNode;
}) {
  const t = useT();
  return (
    <Card withBorder radius="md" padding="lg" data-testid={`figure-${props.id}`}>
      <AnchorLink to={props.to} search={props.search ?? {}} size="sm" c="gray.7" underline="hover">
        {t(props.label)}
      </AnchorLink>
      {props.children}
    </Card>
  );
}

function Value({ children }: { children: ReactNode | undefined }) {
  return children === undefined ? (
    <Skeleton height={32} mt={6} width={100} />
  ) : (
    <Text component="div" fz={24} fw={700} data-testid="figure-value">
      {children}
    </Text>
  );
}

/**
 * A money figure: with exchange rates set, every currency converted to the organization's large, each
 * currency's own amount below; without, the organization's currency large, the others below.
 */
function MoneyValue({
  summary,
  pick,
  pickConverted,
}: {
  summary: Summary | undefined;
  pick: (c: CurrencySummary) => string;
  pickConverted: (c: NonNullable<Summary['converted']>) => string;
}) {
  const t = useT();
  const { language } = useLanguage();
  if (!summary) return <Value>{undefined}</Value>;
  const converted = summary.converted;
  const [own, ...others] = summary.currencies;
  // Each currency's own amount is shown below when any but the organization's has one.
  const foreign = others.some((c) => Number(pick(c)) !== 0);
  const listed = (converted ? (foreign ? summary.currencies : []) : others).filter(
    (c) => Number(pick(c)) !== 0,
  );
  const missing = converted?.missing_currencies ?? [];
  return (
    <>
      <Value>
        {converted
          ? formatMoney(pickConverted(converted), converted.currency, language)
          : own
            ? formatMoney(pick(own), own.currency, language)
            : ''}
      </Value>
      {converted && (foreign || missing.length > 0) && (
        <Text size="xs" c="gray.7" data-testid="figure-converted">
          {missing.length > 0
            ? t('overview.convertedMissing', { currency: converted.currency, missing: missing.join(', ') })
            : t('overview.converted', { currency: converted.currency })}
        </Text>
      )}
      <Stack gap={0}>
        {listed.map((c) => (
          <Text key={c.currency} size="sm" data-testid={`figure-value-${c.currency}`}>
            {formatMoney(pick(c), c.currency, language)}
          </Text>
        ))}
      </Stack>
    </>
  );
}

function useCount(id: string, count: () => Promise<{ count: number }>) {
  return useQuery({ queryKey: ['overview', id], queryFn: async () => (await count()).count });
}

export default function OverviewPage() {
  const t = useT();
  const { language } = useLanguage();
  // "This month": from its first day through today.
  const summary = useSummary('month_to_date');
  const currencies = summary.data?.currencies;
  const accounts = useCount('accounts', () =>
    data(api.GET('/api/v1/accounts', { params: { query: { limit: 1 } } })),
  );
  const drafts = useCount('drafts', () =>
    data(api.GET('/api/v1/invoice-drafts', { params: { query: { status: 'draft', limit: 1 } } })),
  );
  const orders = useCount('pending-orders', () =>
    data(api.GET('/api/v1/orders', { params: { query: { status: 'pending_approval', limit: 1 } } })),
  );
  const number = (value: number | undefined) =>
    value === undefined ? undefined : formatNumber(value, language);
  const active = currencies?.reduce((sum, c) => sum + c.active_subscriptions, 0);
  return (
    <>
      <PageHeader title={t('nav.overview')}>
        <AnchorLink to="/dashboard">{t('overview.toDashboard')}</AnchorLink>
      </PageHeader>
      <SimpleGrid cols={{ base: 1, xs: 2, md: 4 }}>
        <Figure id="mrr" label="overview.mrr" to="/dashboard">
          <MoneyValue summary={summary.data} pick={(c) => c.mrr} pickConverted={(c) => c.mrr} />
        </Figure>
        <Figure
          id="active-subscriptions"
          label="overview.activeSubscriptions"
          to="/subscriptions"
          search={{ tab: 'active' }}
        >
          <Value>{number(active)}</Value>
        </Figure>
        <Figure id="invoiced" label="overview.invoicedThisMonth" to="/invoices">
          <MoneyValue summary={summary.data} pick={(c) => c.invoiced} pickConverted={(c) => c.invoiced} />
        </Figure>
        <Figure id="paid" label="overview.paidThisMonth" to="/payments">
          <MoneyValue summary={summary.data} pick={(c) => c.paid} pickConverted={(c) => c.paid} />
        </Figure>
        <Figure id="overdue" label="overview.overdue" to="/invoices" search={{ tab: 'overdue' }}>
          <MoneyValue
            summary={summary.data}
            pick={(c) => overdue(c.receivables)}
            pickConverted={(c) =>
              addDecimals([
                c.receivables.days_0_30,
                c.receivables.days_31_60,
                c.receivables.days_61_90,
                c.receivables.days_over_90,
              ])
            }
          />
          {summary.data && currencies?.[0] && (
            <Text size="sm" c="gray.7" data-testid="figure-owed">
              {t('overview.owed', {
                total: summary.data.converted
                  ? formatMoney(
                      summary.data.converted.receivables.total,
                      summary.data.converted.currency,
                      language,
                    )
                  : formatMoney(currencies[0].receivables.total, currencies[0].currency, language),
                count: summary.data.converted
                  ? currencies.reduce((sum, c) => sum + c.receivables.invoices, 0)
                  : currencies[0].receivables.invoices,
              })}
            </Text>
          )}
        </Figure>
        <Figure id="drafts" label="overview.drafts" to="/billing">
          <Value>{number(drafts.data)}</Value>
        </Figure>
        <Figure id="pending-orders" label="overview.pendingOrders" to="/orders">
          <Value>{number(orders.data)}</Value>
        </Figure>
        <Figure id="accounts" label="overview.accounts" to="/accounts">
          <Value>{number(accounts.data)}</Value>
        </Figure>
      </SimpleGrid>
    </>
  );
}
