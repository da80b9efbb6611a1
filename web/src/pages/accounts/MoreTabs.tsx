import { Badge, Button, Group, Select, Stack, Table, Text } from '@mantine/core';
import { modals } from '@mantine/modals';
import { notifications } from '@mantine/notifications';
import { useQuery, useQueryClient } from '@tanstack/react-query';
import { useNavigate } from '@tanstack/react-router';
import { useState } from 'react';
import { api, data, type Schemas } from '../../api/client.ts';
import { useCanWrite } from '../../api/session.ts';
import { type Column, DataTable } from '../../components/DataTable.tsx';
import { pageQuery } from '../../components/list-search.ts';
import { usePlanTermsOptions } from '../../components/pickers.tsx';
import { useLocalSearch } from '../../components/useListSearch.ts';
import { formatDate, formatDateTime, formatMoney, formatNumber } from '../../format.ts';
import { useLanguage, useT } from '../../i18n/i18n.tsx';

type Account = Schemas['Account'];
type CreditNote = Schemas['CreditNote'];
type Usage = Schemas['UsageRecord'];

/** The account's payment cards (masked), the default one marked; a writer may remove one. */
export function CardsTab({ account }: { account: Account }) {
  const t = useT();
  const { language } = useLanguage();
  const canWrite = useCanWrite();
  const client = useQueryClient();
  const cards = useQuery({
    queryKey: ['cards', account.uuid],
    queryFn: () => data(api.GET('/api/v1/paymentcards', { params: { query: { account: account.uuid } } })),
  });
  const remove = (card: Schemas['PaymentCard']) =>
    modals.openConfirmModal({
      title: t('cards.remove'),
      children: <Text size="sm">{t('cards.removeConfirm', { token: card.token })}</Text>,
      labels: { confirm: t('cards.remove'), cancel: t('common.cancel') },
      confirmProps: { color: 'red' },
      onConfirm: async () => {
        try {
          await data(api.DELETE('/api/v1/paymentcards/{id}', { params: { path: { id: card.uuid } } }));
          await client.invalidateQueries({ queryKey: ['cards', account.uuid] });
          notifications.show({ color: 'green', message: t('cards.removed') });
        } catch (error) {
          notifications.show({ color: 'red', message: (error as Error).message });
        }
      },
    });
  const results = cards.data?.results ?? [];
  if (cards.data && results.length === 0) return <Text p="md">{t('cards.none')}</Text>;
  return (
    <Table.ScrollContainer minWidth={320}>
      <Table verticalSpacing="sm">
        <Table.Thead>
          <Table.Tr>
            <Table.Th>{t('cards.card')}</Table.Th>
            <Table.Th>{t('cards.gateway')}</Table.Th>
            <Table.Th visibleFrom="sm">{t('cards.added')}</Table.Th>
            <Table.Th />
          </Table.Tr>
        </Table.Thead>
        <Table.Tbody>
          {results.map((card) => (
            <Table.Tr key={card.uuid}>
              <Table.Td>
                <Group gap="xs">
                  <Text size="sm" ff="monospace">
                    {card.token}
                  </Text>
                  {card.default && <Badge variant="light">{t('cards.default')}</Badge>}
                </Group>
              </Table.Td>
              <Table.Td>{card.gateway === 'stripe' ? 'Stripe' : 'QuickPay'}</Table.Td>
              <Table.Td visibleFrom="sm">{formatDateTime(card.created_date, language)}</Table.Td>
              <Table.Td ta="right">
                {canWrite && (
                  <Button
                    variant="light"
                    color="red"
                    size="xs"
                    onClick={() => remove(card)}
                    aria-label={t('cards.removeOne', { token: card.token })}
                  >
                    {t('cards.remove')}
                  </Button>
                )}
              </Table.Td>
            </Table.Tr>
          ))}
        </Table.Tbody>
      </Table>
    </Table.ScrollContainer>
  );
}

/** Opens a credit note's PDF by a short-lived download link, in a new tab. */
async function openCreditNotePdf(note: CreditNote) {
  const link = await data(
    api.POST('/api/v1/credit-notes/{id}/download-link', { params: { path: { id: note.uuid } }, body: {} }),
  );
  const url = new URL(link.url, location.origin);
  window.open(url.origin === location.origin ? url.pathname + url.search : url.toString(), '_blank');
}

/** The account's credit notes; a row opens the invoice it credits. */
export function CreditNotesTab({ account }: { account: Account }) {
  const t = useT();
  const navigate = useNavigate();
  const { language } = useLanguage();
  const [search, setSearch] = useLocalSearch();
  const columns: Column<CreditNote>[] = [
    { key: 'number', header: t('invoice.number'), cell: (row) => row.number, sort: 'number' },
    {
      key: 'date',
      header: t('invoice.issueDate'),
      cell: (row) => formatDate(row.issue_date, language),
      sort: 'issue_date',
    },
    {
      key: 'total',
      header: t('invoice.total'),
      cell: (row) => formatMoney(row.total, row.currency, language),
      numeric: true,
      sort: 'total',
    },
    {
      key: 'pdf',
      header: t('invoice.pdf'),
      cell: (row) => (
        <Button
          size="compact-xs"
          variant="default"
          aria-label={t('creditNotes.pdfOf', { number: row.number })}
          onClick={(event) => {
            event.stopPropagation();
            openCreditNotePdf(row).catch((error: Error) =>
              notifications.show({ color: 'red', message: error.message }),
            );
          }}
        >
          PDF
        </Button>
      ),
      wide: true,
    },
  ];
  return (
    <DataTable
      queryKey={['credit-notes', 'account', account.uuid]}
      search={search}
      onSearch={setSearch}
      load={(s) =>
        data(
          api.GET('/api/v1/credit-notes', {
            params: { query: { account: account.uuid, ...pageQuery(s) } },
          }),
        )
      }
      columns={columns}
      rowKey={(row) => row.uuid}
      onOpen={(row) => navigate({ to: '/invoices/$invoiceId', params: { invoiceId: row.invoice } })}
      empty={t('creditNotes.none')}
    />
  );
}

/** Usage recorded on the account's subscriptions, one subscription at a time, newest last. */
export function UsageTab({ account }: { account: Account }) {
  const t = useT();
  const { language } = useLanguage();
  const [search, setSearch] = useLocalSearch();
  const terms = usePlanTermsOptions();
  const termsName = new Map(terms.map((option) => [option.value, option.label]));
  const subscriptions = useQuery({
    queryKey: ['subscriptions', 'account', account.uuid, 'options'],
    queryFn: () =>
      data(api.GET('/api/v1/subscriptions', { params: { query: { account: account.uuid, limit: 500 } } })),
  });
  const options = (subscriptions.data?.results ?? []).map((subscription) => ({
    value: subscription.uuid,
    label: `${termsName.get(subscription.terms) ?? subscription.terms} · ${formatDate(subscription.start_date, language)}`,
  }));
  const [chosen, setChosen] = useState<string | null>(null);
  const subscription = chosen ?? options[0]?.value ?? null;
  const columns: Column<Usage>[] = [
    {
      key: 'when',
      header: t('usage.timestamp'),
      cell: (row) => formatDateTime(row.timestamp, language),
      sort: 'timestamp',
    },
    { key: 'metric', header: t('usage.metric'), cell: (row) => row.metric },
    {
      key: 'quantity',
      header: t('lines.quantity'),
      cell: (row) => formatNumber(row.quantity, language),
      numeric: true,
    },
    {
      key: 'billed',
      header: t('usage.billed'),
      cell: (row) => (row.billed ? t('usage.billedYes') : t('usage.billedNo')),
      wide: true,
    },
  ];
  if (subscriptions.data && options.length === 0) return <Text p="md">{t('account.noSubscriptions')}</Text>;
  return (
    <Stack>
      <Select
        label={t('usage.subscription')}
        data={options}
        value={subscription}
        onChange={(value) => {
          setChosen(value);
          setSearch({});
        }}
        allowDeselect={false}
        maw={520}
      />
      {subscription && (
        <DataTable
          queryKey={['usage', subscription]}
          search={search}
          onSearch={setSearch}
          load={(s) =>
            data(
              api.GET('/api/v1/subscriptions/{id}/usage', {
                params: { path: { id: subscription }, query: pageQuery(s) },
              }),
            )
          }
          columns={columns}
          rowKey={(row) => row.uuid}
          empty={t('usage.none')}
        />
      )}
    </Stack>
  );
}
