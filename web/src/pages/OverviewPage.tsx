import { Card, SimpleGrid, Skeleton, Text } from '@mantine/core';
import { useQuery } from '@tanstack/react-query';
import { api, data } from '../api/client.ts';
import { PageHeader } from '../components/PageHeader.tsx';
import { formatNumber } from '../format.ts';
import { type MessageId, useLanguage, useT } from '../i18n/i18n.tsx';

/**
 * The figures a bookkeeper opens the day with, each counted by the list it links to (the metrics
 * API, when it lands, adds MRR and the month's invoiced and paid amounts).
 */
const FIGURES: { id: string; label: MessageId; count: () => Promise<number> }[] = [
  {
    id: 'active-subscriptions',
    label: 'overview.activeSubscriptions',
    count: async () =>
      (await data(api.GET('/api/v1/subscriptions', { params: { query: { status: 'active', limit: 1 } } })))
        .count,
  },
  {
    id: 'accounts',
    label: 'overview.accounts',
    count: async () => (await data(api.GET('/api/v1/accounts', { params: { query: { limit: 1 } } }))).count,
  },
  {
    id: 'drafts',
    label: 'overview.drafts',
    count: async () =>
      (await data(api.GET('/api/v1/invoice-drafts', { params: { query: { status: 'draft', limit: 1 } } })))
        .count,
  },
  {
    id: 'open-invoices',
    label: 'overview.openInvoices',
    count: async () =>
      (await data(api.GET('/api/v1/invoices', { params: { query: { status: 'open', limit: 1 } } }))).count,
  },
  {
    id: 'overdue-invoices',
    label: 'overview.overdueInvoices',
    count: async () =>
      (await data(api.GET('/api/v1/invoices', { params: { query: { status: 'overdue', limit: 1 } } }))).count,
  },
  {
    id: 'pending-orders',
    label: 'overview.pendingOrders',
    count: async () =>
      (await data(api.GET('/api/v1/orders', { params: { query: { status: 'pending_approval', limit: 1 } } })))
        .count,
  },
];

function Figure({ figure }: { figure: (typeof FIGURES)[number] }) {
  const t = useT();
  const { language } = useLanguage();
  const count = useQuery({ queryKey: ['overview', figure.id], queryFn: figure.count });
  return (
    <Card withBorder radius="md" padding="lg" data-testid={`figure-${figure.id}`}>
      <Text size="sm" c="dimmed">
        {t(figure.label)}
      </Text>
      {count.data === undefined ? (
        <Skeleton height={32} mt={6} width={80} />
      ) : (
        <Text component="span" fz={32} fw={700} data-testid="figure-value">
          {formatNumber(count.data, language)}
        </Text>
      )}
    </Card>
  );
}

export default function OverviewPage() {
  const t = useT();
  return (
    <>
      <PageHeader title={t('nav.overview')} />
      <SimpleGrid cols={{ base: 1, xs: 2, md: 3 }}>
        {FIGURES.map((figure) => (
          <Figure key={figure.id} figure={figure} />
        ))}
      </SimpleGrid>
    </>
  );
}
