import { Button, Group, Modal, SegmentedControl, Stack } from '@mantine/core';
import { notifications } from '@mantine/notifications';
import { useQueryClient } from '@tanstack/react-query';
import { useState } from 'react';
import { api, data, type Schemas } from '../../api/client.ts';
import { refreshData, useCanWrite } from '../../api/session.ts';
import { type Column, DataTable } from '../../components/DataTable.tsx';
import { DocumentLines } from '../../components/DocumentLines.tsx';
import { orderingOf } from '../../components/list-search.ts';
import { PageHeader } from '../../components/PageHeader.tsx';
import { StatusBadge } from '../../components/StatusBadge.tsx';
import { useAddressSearch } from '../../components/useListSearch.ts';
import { formatDate, formatMoney } from '../../format.ts';
import { useLanguage, useT } from '../../i18n/i18n.tsx';

type Order = Schemas['Order'];
const STATUSES = ['pending_approval', 'committed', 'declined', 'expired'] as const;
type Status = (typeof STATUSES)[number];

function Decision({ order, onClose }: { order: Order; onClose: () => void }) {
  const t = useT();
  const canWrite = useCanWrite();
  const client = useQueryClient();
  const decide = async (decision: 'approve' | 'decline') => {
    try {
      const request = { params: { path: { id: order.uuid } }, body: {} };
      await data(
        decision === 'approve'
          ? api.POST('/api/v1/orders/{id}/approve', request)
          : api.POST('/api/v1/orders/{id}/decline', request),
      );
      notifications.show({
        color: 'green',
        message: t(decision === 'approve' ? 'order.approved' : 'order.declined'),
      });
      await refreshData(client);
      onClose();
    } catch (error) {
      notifications.show({ color: 'red', message: (error as Error).message });
    }
  };
  return (
    <Modal opened onClose={onClose} title={t(`order.type.${order.type}`)} size="xl">
      <Stack>
        <DocumentLines document={order} />
        {canWrite && order.status === 'pending_approval' && (
          <Group justify="flex-end">
            <Button variant="light" color="red" onClick={() => decide('decline')}>
              {t('order.decline')}
            </Button>
            <Button onClick={() => decide('approve')}>{t('order.approve')}</Button>
          </Group>
        )}
      </Stack>
    </Modal>
  );
}

/** Orders, first those waiting for someone to approve or decline them. */
export default function OrdersPage() {
  const t = useT();
  const { language } = useLanguage();
  const [search, setSearch] = useAddressSearch();
  const [open, setOpen] = useState<Order | null>(null);
  const status: Status = (STATUSES as readonly string[]).includes(search.tab ?? '')
    ? (search.tab as Status)
    : 'pending_approval';
  const columns: Column<Order>[] = [
    {
      key: 'date',
      header: t('order.effectiveDate'),
      cell: (row) => formatDate(row.effective_date, language),
      sort: 'effective_date',
    },
    { key: 'type', header: t('order.type'), cell: (row) => t(`order.type.${row.type}`) },
    {
      key: 'status',
      header: t('common.status'),
      cell: (row) => <StatusBadge status={row.status} />,
      wide: true,
    },
    {
      key: 'total',
      header: t('lines.total'),
      cell: (row) => formatMoney(row.total, row.currency, language),
      numeric: true,
      sort: 'total',
    },
  ];
  return (
    <>
      <PageHeader title={t('nav.orders')} />
      <SegmentedControl
        mb="md"
        aria-label={t('common.status')}
        value={status}
        onChange={(value) => setSearch({ tab: value })}
        data={STATUSES.map((value) => ({ value, label: t(`status.${value}`) }))}
      />
      <DataTable
        queryKey={['orders', 'list']}
        search={search}
        onSearch={(next) => setSearch({ ...next, tab: search.tab })}
        load={(s) =>
          data(
            api.GET('/api/v1/orders', {
              params: { query: { status, ...(s.cursor ? { cursor: s.cursor } : {}), ...orderingOf(s) } },
            }),
          )
        }
        columns={columns}
        rowKey={(row) => row.uuid}
        onOpen={setOpen}
        empty={t('orders.empty')}
      />
      {open && <Decision order={open} onClose={() => setOpen(null)} />}
    </>
  );
}
