import {
  Alert,
  Badge,
  Button,
  Card,
  FileInput,
  Group,
  SegmentedControl,
  Stack,
  Table,
  Text,
  Title,
} from '@mantine/core';
import { useQueryClient } from '@tanstack/react-query';
import { useState } from 'react';
import { api, data, type Schemas } from '../../api/client.ts';
import { refreshData, useCanWrite } from '../../api/session.ts';
import { type Column, DataTable } from '../../components/DataTable.tsx';
import { orderingOf } from '../../components/list-search.ts';
import { PageHeader } from '../../components/PageHeader.tsx';
import { StatusBadge } from '../../components/StatusBadge.tsx';
import { useAddressSearch } from '../../components/useListSearch.ts';
import { formatDate, formatMoney } from '../../format.ts';
import { useLanguage, useT } from '../../i18n/i18n.tsx';

type Payment = Schemas['Payment'];
type Report = Schemas['BankFileImport'];

/** A BgMax or camt.054 file from the bank, booked against open invoices, with its report line by line. */
function BankFile() {
  const t = useT();
  const { language } = useLanguage();
  const client = useQueryClient();
  const [file, setFile] = useState<File | null>(null);
  const [report, setReport] = useState<Report | null>(null);
  const [problem, setProblem] = useState<string | null>(null);
  const [busy, setBusy] = useState(false);
  const upload = async () => {
    if (!file) return;
    setBusy(true);
    setProblem(null);
    try {
      // BgMax is Latin-1 text, camt.054 XML declares its own encoding: the server reads the bytes as they are.
      const bytes = new Uint8Array(await file.arrayBuffer());
      const content = new TextDecoder(
        /^\s*</.test(new TextDecoder().decode(bytes.slice(0, 64))) ? 'utf-8' : 'latin1',
      ).decode(bytes);
      setReport(await data(api.POST('/api/v1/payments/import', { body: { content } })));
      await refreshData(client);
    } catch (error) {
      setProblem((error as Error).message);
    } finally {
      setBusy(false);
    }
  };
  return (
    <Card withBorder radius="md">
      <Stack>
        <Title order={2} size="h5">
          {t('payments.bankFile')}
        </Title>
        <Group align="flex-end">
          <FileInput
            label={t('payments.file')}
            placeholder={t('payments.choose')}
            value={file}
            onChange={setFile}
            miw={260}
            clearable
          />
          <Button onClick={upload} disabled={!file} loading={busy}>
            {t('payments.upload')}
          </Button>
        </Group>
        {problem && <Alert color="red">{problem}</Alert>}
        {report && (
          <Stack gap="xs" data-testid="bank-file-report">
            <Group gap="xs">
              <Badge color="green">{t('payments.matched', { count: report.matched })}</Badge>
              <Badge color="orange">{t('payments.unmatched', { count: report.unmatched })}</Badge>
              <Badge color="gray">{t('payments.duplicates', { count: report.duplicates })}</Badge>
            </Group>
            <Table.ScrollContainer minWidth={520}>
              <Table>
                <Table.Tbody>
                  {report.lines.map((line) => (
                    <Table.Tr key={`${line.line}-${line.bank_reference}`}>
                      <Table.Td>{line.line}</Table.Td>
                      <Table.Td>{formatDate(line.date, language)}</Table.Td>
                      <Table.Td>{line.reference ?? ''}</Table.Td>
                      <Table.Td ta="right">{formatMoney(line.amount, line.currency, language)}</Table.Td>
                      <Table.Td>
                        <StatusBadge status={line.outcome === 'duplicate' ? 'duplicate' : line.outcome} />
                      </Table.Td>
                      <Table.Td>
                        <Text size="sm">{line.invoice ?? line.reason ?? ''}</Text>
                      </Table.Td>
                    </Table.Tr>
                  ))}
                </Table.Tbody>
              </Table>
            </Table.ScrollContainer>
          </Stack>
        )}
      </Stack>
    </Card>
  );
}

export default function PaymentsPage() {
  const t = useT();
  const { language } = useLanguage();
  const canWrite = useCanWrite();
  const [search, setSearch] = useAddressSearch();
  const status = search.tab === 'matched' || search.tab === 'unmatched' ? search.tab : undefined;
  const columns: Column<Payment>[] = [
    {
      key: 'date',
      header: t('payment.date'),
      cell: (row) => formatDate(row.payment_date, language),
      sort: 'payment_date',
    },
    {
      key: 'source',
      header: t('payments.source'),
      cell: (row) => t(`payments.source.${row.source}`),
      wide: true,
    },
    { key: 'reference', header: t('payment.reference'), cell: (row) => row.reference ?? '', wide: true },
    {
      key: 'payer',
      header: t('payments.payer'),
      cell: (row) => row.payer_name ?? row.account ?? '',
      wide: true,
    },
    { key: 'status', header: t('common.status'), cell: (row) => <StatusBadge status={row.status} /> },
    {
      key: 'amount',
      header: t('payment.amount'),
      cell: (row) => formatMoney(row.amount, row.currency, language),
      numeric: true,
      sort: 'amount',
    },
  ];
  return (
    <Stack>
      <PageHeader title={t('nav.payments')} />
      {canWrite && <BankFile />}
      <SegmentedControl
        aria-label={t('common.status')}
        value={status ?? 'all'}
        onChange={(value) => setSearch({ tab: value === 'all' ? undefined : value })}
        data={[
          { value: 'all', label: t('list.all') },
          { value: 'matched', label: t('status.matched') },
          { value: 'unmatched', label: t('status.unmatched') },
        ]}
        style={{ alignSelf: 'flex-start' }}
      />
      <DataTable
        queryKey={['payments', 'list']}
        search={search}
        onSearch={(next) => setSearch({ ...next, tab: search.tab })}
        load={(s) =>
          data(
            api.GET('/api/v1/payments', {
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
        empty={t('payments.empty')}
      />
    </Stack>
  );
}
