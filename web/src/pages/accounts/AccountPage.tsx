import { Button, Card, Paper, SimpleGrid, Stack, Tabs, Text } from '@mantine/core';
import { modals } from '@mantine/modals';
import { notifications } from '@mantine/notifications';
import { useQuery, useQueryClient } from '@tanstack/react-query';
import { Link, useNavigate, useParams } from '@tanstack/react-router';
import { api, data, type Schemas } from '../../api/client.ts';
import { useCanWrite } from '../../api/session.ts';
import { type Column, DataTable } from '../../components/DataTable.tsx';
import { Detail } from '../../components/Detail.tsx';
import { pageQuery } from '../../components/list-search.ts';
import { PageHeader } from '../../components/PageHeader.tsx';
import { StatusBadge } from '../../components/StatusBadge.tsx';
import { useLocalSearch } from '../../components/useListSearch.ts';
import { formatDate, formatMoney } from '../../format.ts';
import { useLanguage, useT } from '../../i18n/i18n.tsx';
import { AuditTable } from '../audit/AuditTable.tsx';
import { ContractsTab } from './ContractsTab.tsx';
import { CardsTab, CreditNotesTab, UsageTab } from './MoreTabs.tsx';

type Account = Schemas['Account'];

function Credit({ account }: { account: Account }) {
  const t = useT();
  const { language } = useLanguage();
  const credit = useQuery({
    queryKey: ['account-credit', account.uuid],
    queryFn: () =>
      data(api.GET('/api/v1/accounts/{account}/credit', { params: { path: { account: account.uuid } } })),
  });
  const balances = credit.data?.balances.filter((balance) => Number(balance.amount) !== 0) ?? [];
  return (
    <Detail
      label={t('account.credit')}
      value={
        balances.length === 0
          ? formatMoney(0, account.currency, language)
          : balances.map((b) => formatMoney(b.amount, b.currency, language)).join(', ')
      }
    />
  );
}

function SubscriptionsTab({ account }: { account: Account }) {
  const t = useT();
  const navigate = useNavigate();
  const { language } = useLanguage();
  const [search, setSearch] = useLocalSearch();
  const columns: Column<Schemas['Subscription']>[] = [
    { key: 'status', header: t('common.status'), cell: (row) => <StatusBadge status={row.status} /> },
    { key: 'quantity', header: t('subscription.quantity'), cell: (row) => row.quantity, numeric: true },
    {
      key: 'start',
      header: t('subscription.start'),
      cell: (row) => formatDate(row.start_date, language),
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
    <DataTable
      queryKey={['subscriptions', 'account', account.uuid]}
      search={search}
      onSearch={setSearch}
      load={(s) =>
        data(
          api.GET('/api/v1/subscriptions', {
            params: { query: { account: account.uuid, ...pageQuery(s) } },
          }),
        )
      }
      columns={columns}
      rowKey={(row) => row.uuid}
      onOpen={(row) =>
        navigate({ to: '/subscriptions/$subscriptionId', params: { subscriptionId: row.uuid } })
      }
      empty={t('account.noSubscriptions')}
    />
  );
}

function InvoicesTab({ account }: { account: Account }) {
  const t = useT();
  const navigate = useNavigate();
  const { language } = useLanguage();
  const [search, setSearch] = useLocalSearch();
  const columns: Column<Schemas['Invoice']>[] = [
    { key: 'number', header: t('invoice.number'), cell: (row) => row.number, sort: 'number' },
    {
      key: 'date',
      header: t('invoice.issueDate'),
      cell: (row) => formatDate(row.issue_date, language),
      sort: 'issue_date',
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
    <DataTable
      queryKey={['invoices', 'account', account.uuid]}
      search={search}
      onSearch={setSearch}
      load={(s) =>
        data(
          api.GET('/api/v1/invoices', {
            params: { query: { account: account.uuid, ...pageQuery(s) } },
          }),
        )
      }
      columns={columns}
      rowKey={(row) => row.uuid}
      onOpen={(row) => navigate({ to: '/invoices/$invoiceId', params: { invoiceId: row.uuid } })}
      empty={t('account.noInvoices')}
    />
  );
}

function PaymentsTab({ account }: { account: Account }) {
  const t = useT();
  const { language } = useLanguage();
  const [search, setSearch] = useLocalSearch();
  const columns: Column<Schemas['Payment']>[] = [
    {
      key: 'date',
      header: t('payment.date'),
      cell: (row) => formatDate(row.payment_date, language),
      sort: 'payment_date',
    },
    { key: 'status', header: t('common.status'), cell: (row) => <StatusBadge status={row.status} /> },
    { key: 'reference', header: t('payment.reference'), cell: (row) => row.reference ?? '', wide: true },
    {
      key: 'amount',
      header: t('payment.amount'),
      cell: (row) => formatMoney(row.amount, row.currency, language),
      numeric: true,
      sort: 'amount',
    },
  ];
  return (
    <DataTable
      queryKey={['payments', 'account', account.uuid]}
      search={search}
      onSearch={setSearch}
      load={(s) =>
        data(
          api.GET('/api/v1/payments', {
            params: { query: { account: account.uuid, ...pageQuery(s) } },
          }),
        )
      }
      columns={columns}
      rowKey={(row) => row.uuid}
      empty={t('account.noPayments')}
    />
  );
}

function HistoryTab({ account }: { account: Account }) {
  const [search, setSearch] = useLocalSearch();
  return (
    <AuditTable
      filters={{ entity_id: account.uuid }}
      search={search}
      onSearch={setSearch}
      showObject={false}
    />
  );
}

export default function AccountPage() {
  const t = useT();
  const { language } = useLanguage();
  const canWrite = useCanWrite();
  const client = useQueryClient();
  const { accountId } = useParams({ from: '/signed-in/accounts/$accountId' });
  const query = useQuery({
    queryKey: ['account', accountId],
    queryFn: () => data(api.GET('/api/v1/accounts/{id}', { params: { path: { id: accountId } } })),
    throwOnError: true,
  });
  const account = query.data;
  if (!account) return null;
  const archive = () =>
    modals.openConfirmModal({
      title: t('accounts.archive'),
      children: <Text size="sm">{t('accounts.archiveConfirm', { name: account.name })}</Text>,
      labels: { confirm: t('common.archive'), cancel: t('common.cancel') },
      confirmProps: { color: 'red' },
      onConfirm: async () => {
        try {
          await data(api.DELETE('/api/v1/accounts/{id}', { params: { path: { id: account.uuid } } }));
          await client.invalidateQueries({ queryKey: ['account', account.uuid] });
          await client.invalidateQueries({ queryKey: ['accounts'] });
          notifications.show({ color: 'green', message: t('accounts.archived') });
        } catch (error) {
          notifications.show({ color: 'red', message: (error as Error).message });
        }
      },
    });
  return (
    <Stack>
      <PageHeader title={account.name}>
        {account.archived && <StatusBadge status="archived" />}
        {canWrite && !account.archived && (
          <>
            <Button
              renderRoot={(props) => (
                <Link to="/subscriptions/new" search={{ account: account.uuid }} {...props} />
              )}
            >
              {t('account.newSubscription')}
            </Button>
            <Button
              variant="default"
              renderRoot={(props) => (
                <Link to="/accounts/$accountId/edit" params={{ accountId: account.uuid }} {...props} />
              )}
            >
              {t('common.edit')}
            </Button>
            <Button variant="light" color="red" onClick={archive}>
              {t('common.archive')}
            </Button>
          </>
        )}
      </PageHeader>
      <Card withBorder radius="md">
        <SimpleGrid cols={{ base: 1, xs: 2, md: 4 }}>
          <Detail label={t('account.code')} value={account.code} />
          <Detail label={t('account.email')} value={account.email} />
          <Detail label={t('account.type')} value={t(`account.type.${account.type}`)} />
          <Detail label={t('account.vatNumber')} value={account.vat_number} />
          <Detail
            label={t('account.address')}
            value={[
              account.legal_address,
              [account.legal_zipcode, account.legal_city].filter(Boolean).join(' '),
              account.legal_country,
            ]
              .filter(Boolean)
              .join('\n')}
          />
          <Detail label={t('account.currency')} value={account.currency} />
          <Detail label={t('common.created')} value={formatDate(account.created_date, language)} />
          <Credit account={account} />
        </SimpleGrid>
      </Card>
      <Paper>
        <Tabs defaultValue="subscriptions" keepMounted={false}>
          <Tabs.List mb="sm">
            <Tabs.Tab value="subscriptions">{t('nav.subscriptions')}</Tabs.Tab>
            <Tabs.Tab value="contracts">{t('account.contracts')}</Tabs.Tab>
            <Tabs.Tab value="invoices">{t('nav.invoices')}</Tabs.Tab>
            <Tabs.Tab value="creditNotes">{t('account.creditNotes')}</Tabs.Tab>
            <Tabs.Tab value="payments">{t('nav.payments')}</Tabs.Tab>
            <Tabs.Tab value="cards">{t('account.cards')}</Tabs.Tab>
            <Tabs.Tab value="usage">{t('account.usage')}</Tabs.Tab>
            <Tabs.Tab value="history">{t('account.history')}</Tabs.Tab>
          </Tabs.List>
          <Tabs.Panel value="subscriptions">
            <SubscriptionsTab account={account} />
          </Tabs.Panel>
          <Tabs.Panel value="contracts">
            <ContractsTab account={account} />
          </Tabs.Panel>
          <Tabs.Panel value="invoices">
            <InvoicesTab account={account} />
          </Tabs.Panel>
          <Tabs.Panel value="creditNotes">
            <CreditNotesTab account={account} />
          </Tabs.Panel>
          <Tabs.Panel value="payments">
            <PaymentsTab account={account} />
          </Tabs.Panel>
          <Tabs.Panel value="cards">
            <CardsTab account={account} />
          </Tabs.Panel>
          <Tabs.Panel value="usage">
            <UsageTab account={account} />
          </Tabs.Panel>
          <Tabs.Panel value="history">
            <HistoryTab account={account} />
          </Tabs.Panel>
        </Tabs>
      </Paper>
    </Stack>
  );
}
