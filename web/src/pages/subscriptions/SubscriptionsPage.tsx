import { Button, SegmentedControl } from '@mantine/core';
import { Link, useNavigate } from '@tanstack/react-router';
import { api, data, type Schemas } from '../../api/client.ts';
import { useCanWrite } from '../../api/session.ts';
import { type Column, DataTable } from '../../components/DataTable.tsx';
import { orderingOf } from '../../components/list-search.ts';
import { PageHeader } from '../../components/PageHeader.tsx';
import { StatusBadge } from '../../components/StatusBadge.tsx';
import { useAddressSearch } from '../../components/useListSearch.ts';
import { formatDate } from '../../format.ts';
import { useLanguage, useT } from '../../i18n/i18n.tsx';

type Subscription = Schemas['Subscription'];
const STATUSES = ['active', 'trialing', 'ending', 'ended'] as const;
type Status = (typeof STATUSES)[number];

export default function SubscriptionsPage() {
  const t = useT();
  const { language } = useLanguage();
  const canWrite = useCanWrite();
  const navigate = useNavigate();
  const [search, setSearch] = useAddressSearch();
  const status = (STATUSES as readonly string[]).includes(search.tab ?? '')
    ? (search.tab as Status)
    : undefined;
  const columns: Column<Subscription>[] = [
    { key: 'account', header: t('order.account'), cell: (row) => row.account },
    { key: 'status', header: t('common.status'), cell: (row) => <StatusBadge status={row.status} /> },
    { key: 'quantity', header: t('subscription.quantity'), cell: (row) => row.quantity, numeric: true },
    {
      key: 'start',
      header: t('subscription.start'),
      cell: (row) => formatDate(row.start_date, language),
      wide: true,
      sort: 'start_date',
    },
    {
      key: 'period',
      header: t('subscription.currentPeriod'),
      cell: (row) =>
        `${formatDate(row.current_period_start, language)} – ${formatDate(row.current_period_end, language)}`,
      wide: true,
    },
  ];
  return (
    <>
      <PageHeader title={t('nav.subscriptions')}>
        {canWrite && (
          <Button component={Link} to="/subscriptions/new">
            {t('subscriptions.new')}
          </Button>
        )}
      </PageHeader>
      <SegmentedControl
        mb="md"
        aria-label={t('common.status')}
        value={status ?? 'all'}
        onChange={(value) => setSearch({ tab: value === 'all' ? undefined : value })}
        data={[
          { value: 'all', label: t('list.all') },
          ...STATUSES.map((value) => ({ value, label: t(`status.${value}`) })),
        ]}
      />
      <DataTable
        queryKey={['subscriptions', 'list']}
        search={search}
        onSearch={(next) => setSearch({ ...next, tab: search.tab })}
        load={(s) =>
          data(
            api.GET('/api/v1/subscriptions', {
              params: {
                query: {
                  ...(status ? { status } : {}),
                  ...(s.cursor ? { cursor: s.cursor } : {}),
                  ...orderingOf(s),
                },
              },
            }),
          )
        }
        columns={columns}
        rowKey={(row) => row.uuid}
        onOpen={(row) =>
          navigate({ to: '/subscriptions/$subscriptionId', params: { subscriptionId: row.uuid } })
        }
        empty={t('subscriptions.empty')}
      />
    </>
  );
}
