import { SegmentedControl } from '@mantine/core';
import { useNavigate } from '@tanstack/react-router';
import { api, data, type Schemas } from '../../api/client.ts';
import { AccountName } from '../../components/AccountName.tsx';
import { type Column, DataTable } from '../../components/DataTable.tsx';
import { orderingOf } from '../../components/list-search.ts';
import { PageHeader } from '../../components/PageHeader.tsx';
import { StatusBadge } from '../../components/StatusBadge.tsx';
import { useAddressSearch } from '../../components/useListSearch.ts';
import { formatDate, formatMoney } from '../../format.ts';
import { useLanguage, useT } from '../../i18n/i18n.tsx';

type Invoice = Schemas['Invoice'];
const STATUSES = ['open', 'overdue', 'partially_paid', 'paid', 'credited'] as const;
type Status = (typeof STATUSES)[number];

export default function InvoicesPage() {
  const t = useT();
  const { language } = useLanguage();
  const navigate = useNavigate();
  const [search, setSearch] = useAddressSearch();
  const status = (STATUSES as readonly string[]).includes(search.tab ?? '')
    ? (search.tab as Status)
    : undefined;
  const columns: Column<Invoice>[] = [
    { key: 'number', header: t('invoice.number'), cell: (row) => row.number, sort: 'number' },
    {
      key: 'account',
      header: t('order.account'),
      cell: (row) => <AccountName id={row.account} />,
      wide: true,
    },
    {
      key: 'date',
      header: t('invoice.issueDate'),
      cell: (row) => formatDate(row.issue_date, language),
      wide: true,
      sort: 'issue_date',
    },
    {
      key: 'due',
      header: t('invoice.dueDate'),
      cell: (row) => (row.due_date ? formatDate(row.due_date, language) : ''),
      wide: true,
    },
    { key: 'status', header: t('common.status'), cell: (row) => <StatusBadge status={row.status} /> },
    {
      key: 'total',
      header: t('invoice.total'),
      cell: (row) => formatMoney(row.total, row.currency, language),
      numeric: true,
      sort: 'total',
    },
    {
      key: 'balance',
      header: t('invoice.balance'),
      cell: (row) => formatMoney(row.balance, row.currency, language),
      numeric: true,
      wide: true,
    },
  ];
  return (
    <>
      <PageHeader title={t('nav.invoices')} />
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
        queryKey={['invoices', 'list']}
        search={search}
        onSearch={(next) => setSearch({ ...next, tab: search.tab })}
        load={(s) =>
          data(
            api.GET('/api/v1/invoices', {
              params: {
                query: {
                  ...(status ? { status } : {}),
                  ...(s.q ? { number: s.q.trim() } : {}),
                  ...(s.cursor ? { cursor: s.cursor } : {}),
                  ...orderingOf(s),
                },
              },
            }),
          )
        }
        columns={columns}
        rowKey={(row) => row.uuid}
        onOpen={(row) => navigate({ to: '/invoices/$invoiceId', params: { invoiceId: row.uuid } })}
        searchLabel={t('invoices.search')}
        empty={t('invoices.empty')}
      />
    </>
  );
}
