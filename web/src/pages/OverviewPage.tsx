import { Card, SimpleGrid, Skeleton, Stack, Text } from '@mantine/core';
import { useQuery } from '@tanstack/react-query';
import type { ReactNode } from 'react';
import { api, data } from '../api/client.ts';
import { AnchorLink } from '../components/AnchorLink.tsx';
import { PageHeader } from '../components/PageHeader.tsx';
import { formatMoney, formatNumber } from '../format.ts';
import { type MessageId, useLanguage, useT } from '../i18n/i18n.tsx';
import { type CurrencySummary, overdue, useSummary } from './dashboard/metrics.ts';

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

/** A money figure: the organization's currency large, every other currency with an amount below. */
function MoneyValue({
  currencies,
  pick,
}: {
  currencies: CurrencySummary[] | undefined;
  pick: (c: CurrencySummary) => string;
}) {
  const { language } = useLanguage();
  if (!currencies) return <Value>{undefined}</Value>;
  const [own, ...others] = currencies;
  return (
    <>
      <Value>{own ? formatMoney(pick(own), own.currency, language) : ''}</Value>
      <Stack gap={0}>
        {others
          .filter((c) => Number(pick(c)) !== 0)
          .map((c) => (
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
          <MoneyValue currencies={currencies} pick={(c) => c.mrr} />
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
          <MoneyValue currencies={currencies} pick={(c) => c.invoiced} />
        </Figure>
        <Figure id="paid" label="overview.paidThisMonth" to="/payments">
          <MoneyValue currencies={currencies} pick={(c) => c.paid} />
        </Figure>
        <Figure id="overdue" label="overview.overdue" to="/invoices" search={{ tab: 'overdue' }}>
          <MoneyValue currencies={currencies} pick={(c) => overdue(c.receivables)} />
          {currencies?.[0] && (
            <Text size="sm" c="gray.7" data-testid="figure-owed">
              {t('overview.owed', {
                total: formatMoney(currencies[0].receivables.total, currencies[0].currency, language),
                count: currencies[0].receivables.invoices,
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
