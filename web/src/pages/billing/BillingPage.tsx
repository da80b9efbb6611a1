import { Alert, Button, Card, Group, Progress, Stack, Text, Title } from '@mantine/core';
import { DatePickerInput } from '@mantine/dates';
import { useQuery, useQueryClient } from '@tanstack/react-query';
import { useNavigate, useSearch } from '@tanstack/react-router';
import { useState } from 'react';
import { api, data, type Schemas } from '../../api/client.ts';
import { useCanWrite } from '../../api/session.ts';
import { AccountName } from '../../components/AccountName.tsx';
import { type Column, DataTable } from '../../components/DataTable.tsx';
import { pageQuery } from '../../components/list-search.ts';
import { PageHeader } from '../../components/PageHeader.tsx';
import { StatusBadge } from '../../components/StatusBadge.tsx';
import { useLocalSearch } from '../../components/useListSearch.ts';
import { formatDate, formatMoney, formatNumber } from '../../format.ts';
import { useLanguage, useT } from '../../i18n/i18n.tsx';

type Draft = Schemas['InvoiceDraft'];

/** A billing run's progress, asked again every second while it runs. */
function RunProgress({ runId }: { runId: string }) {
  const t = useT();
  const { language } = useLanguage();
  const client = useQueryClient();
  const run = useQuery({
    queryKey: ['billing-run', runId],
    queryFn: async () => {
      const value = await data(api.GET('/api/v1/billing-runs/{id}', { params: { path: { id: runId } } }));
      if (value.status !== 'running') await client.invalidateQueries({ queryKey: ['drafts'] });
      return value;
    },
    refetchInterval: (query) => (query.state.data?.status === 'running' ? 1000 : false),
  });
  const r = run.data;
  if (!r) return null;
  const share = r.subscriptions_total === 0 ? 100 : (100 * r.subscriptions_done) / r.subscriptions_total;
  return (
    <Stack gap="xs" data-testid="billing-run">
      <Group justify="space-between">
        <Text size="sm">{t('billing.runFor', { date: formatDate(r.date, language) })}</Text>
        <StatusBadge status={r.status} />
      </Group>
      <Progress value={share} animated={r.status === 'running'} aria-label={t('billing.progress')} />
      <Text size="sm" c="dimmed">
        {t('billing.runFigures', {
          done: formatNumber(r.subscriptions_done, language),
          total: formatNumber(r.subscriptions_total, language),
          lines: formatNumber(r.lines_created, language),
        })}
      </Text>
      {r.error && <Alert color="red">{r.error}</Alert>}
    </Stack>
  );
}

function StartRun() {
  const t = useT();
  const navigate = useNavigate();
  const search = useSearch({ strict: false }) as { run?: string };
  const [date, setDate] = useState<string | null>(null);
  const [problem, setProblem] = useState<string | null>(null);
  const [busy, setBusy] = useState(false);
  const start = async () => {
    setBusy(true);
    setProblem(null);
    try {
      const run = await data(api.POST('/api/v1/billing-runs', { body: date ? { date } : {} }));
      await navigate({ to: '/billing', search: { run: run.uuid } as never });
    } catch (error) {
      setProblem((error as Error).message);
    } finally {
      setBusy(false);
    }
  };
  return (
    <Card withBorder radius="md">
      <Stack>
        <Title order={2} size="h4">
          {t('billing.run')}
        </Title>
        <Text size="sm" c="dimmed">
          {t('billing.runHelp')}
        </Text>
        <Group align="flex-end">
          <DatePickerInput
            label={t('billing.date')}
            placeholder={t('billing.today')}
            clearable
            valueFormat="D MMM YYYY"
            value={date}
            onChange={(value) => setDate(value as string | null)}
            w={220}
          />
          <Button onClick={start} loading={busy}>
            {t('billing.start')}
          </Button>
        </Group>
        {problem && <Alert color="red">{problem}</Alert>}
        {search.run && <RunProgress runId={search.run} />}
      </Stack>
    </Card>
  );
}

export default function BillingPage() {
  const t = useT();
  const { language } = useLanguage();
  const canWrite = useCanWrite();
  const navigate = useNavigate();
  const [search, setSearch] = useLocalSearch();
  const columns: Column<Draft>[] = [
    { key: 'account', header: t('order.account'), cell: (row) => <AccountName id={row.account} /> },
    { key: 'lines', header: t('billing.lines'), cell: (row) => row.lines.length, numeric: true, wide: true },
    {
      key: 'updated',
      header: t('billing.updated'),
      cell: (row) => formatDate(row.updated_date, language),
      wide: true,
      sort: 'updated_date',
    },
    {
      key: 'total',
      header: t('lines.total'),
      cell: (row) => formatMoney(row.total, row.currency, language),
      numeric: true,
    },
  ];
  return (
    <Stack>
      <PageHeader title={t('nav.billing')} />
      {canWrite && <StartRun />}
      <Title order={2} size="h4">
        {t('billing.drafts')}
      </Title>
      <DataTable
        queryKey={['drafts', 'list']}
        search={search}
        onSearch={setSearch}
        load={(s) =>
          data(
            api.GET('/api/v1/invoice-drafts', {
              params: { query: { status: 'draft', ...pageQuery(s) } },
            }),
          )
        }
        columns={columns}
        rowKey={(row) => row.uuid}
        onOpen={(row) => navigate({ to: '/billing/drafts/$draftId', params: { draftId: row.uuid } })}
        empty={t('billing.noDrafts')}
      />
    </Stack>
  );
}
