import {
  Alert,
  Badge,
  Button,
  Card,
  Code,
  FileInput,
  Group,
  Modal,
  SegmentedControl,
  Select,
  Stack,
  Switch,
  Table,
  Text,
  Title,
} from '@mantine/core';
import { useQueryClient } from '@tanstack/react-query';
import { useState } from 'react';
import { api, data, type Schemas } from '../../api/client.ts';
import { refreshData, useSignedIn } from '../../api/session.ts';
import { type Column, DataTable } from '../../components/DataTable.tsx';
import { FormProblem } from '../../components/FormProblem.tsx';
import { PageHeader } from '../../components/PageHeader.tsx';
import { StatusBadge } from '../../components/StatusBadge.tsx';
import { useAddressSearch } from '../../components/useListSearch.ts';
import { formatDateTime, formatNumber } from '../../format.ts';
import { useLanguage, useT } from '../../i18n/i18n.tsx';

type Report = Schemas['ImportFileReport'];
type LogEntry = Schemas['ImportLogEntry'];
type Format = 'csv' | 'ndjson';
const OUTCOMES = ['created', 'updated', 'unchanged', 'refused'] as const;
const COUNT_COLORS = { created: 'green', updated: 'blue', unchanged: 'gray', refused: 'red' } as const;

function formatOf(name: string): Format {
  return /\.(ndjson|jsonl|json)$/i.test(name) ? 'ndjson' : 'csv';
}

/** The per-row report of an import: its counts, then the refused rows (or every row) with why. */
function ImportReport({ report }: { report: Report }) {
  const t = useT();
  const { language } = useLanguage();
  const [everyRow, setEveryRow] = useState(report.refused === 0);
  const lines = everyRow ? report.lines : report.lines.filter((line) => line.outcome === 'refused');
  return (
    <Stack gap="xs" data-testid="import-report">
      <Group gap="xs">
        <Badge color="gray" variant="outline">
          {t('imports.rows', { count: report.rows })}
        </Badge>
        {OUTCOMES.map((outcome) => (
          <Badge key={outcome} color={COUNT_COLORS[outcome]} variant="dot">
            {t(`imports.counted.${outcome}`, { count: report[outcome] })}
          </Badge>
        ))}
      </Group>
      <Switch
        label={t('imports.everyRow')}
        checked={everyRow}
        onChange={(event) => setEveryRow(event.currentTarget.checked)}
      />
      {lines.length > 0 && (
        <Table.ScrollContainer minWidth={480}>
          <Table verticalSpacing="xs">
            <Table.Thead>
              <Table.Tr>
                <Table.Th ta="right">{t('imports.line')}</Table.Th>
                <Table.Th>{t('imports.externalId')}</Table.Th>
                <Table.Th>{t('imports.outcome')}</Table.Th>
                <Table.Th>{t('imports.why')}</Table.Th>
              </Table.Tr>
            </Table.Thead>
            <Table.Tbody>
              {lines.map((line) => (
                <Table.Tr key={line.line}>
                  <Table.Td ta="right">{formatNumber(line.line, language)}</Table.Td>
                  <Table.Td>{line.externalSystemId ?? ''}</Table.Td>
                  <Table.Td>
                    <StatusBadge status={`import_${line.outcome}`} />
                  </Table.Td>
                  <Table.Td>
                    <Text size="sm">{line.error ?? ''}</Text>
                  </Table.Td>
                </Table.Tr>
              ))}
            </Table.Tbody>
          </Table>
        </Table.ScrollContainer>
      )}
    </Stack>
  );
}

/** A CSV or NDJSON file of orders from the leading system, imported row by row. */
function UploadFile() {
  const t = useT();
  const client = useQueryClient();
  const [file, setFile] = useState<File | null>(null);
  const [format, setFormat] = useState<Format>('csv');
  const [report, setReport] = useState<Report | null>(null);
  const [problem, setProblem] = useState<string | null>(null);
  const [busy, setBusy] = useState(false);
  const upload = async () => {
    if (!file) return;
    setBusy(true);
    setProblem(null);
    setReport(null);
    try {
      const content = await file.text();
      setReport(await data(api.POST('/api/v1/imports/files', { body: { format, content } })));
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
          {t('imports.upload')}
        </Title>
        <Text size="sm">{t('imports.uploadHelp')}</Text>
        <Group align="flex-end">
          <FileInput
            label={t('payments.file')}
            placeholder={t('payments.choose')}
            accept=".csv,.txt,.tsv,.ndjson,.jsonl,.json,text/csv,application/x-ndjson"
            value={file}
            onChange={(chosen) => {
              setFile(chosen);
              if (chosen) setFormat(formatOf(chosen.name));
            }}
            miw={240}
            clearable
            clearButtonProps={{ 'aria-label': t('common.close') }}
          />
          <Select
            label={t('imports.format')}
            data={[
              { value: 'csv', label: 'CSV' },
              { value: 'ndjson', label: 'NDJSON' },
            ]}
            value={format}
            onChange={(value) => setFormat((value as Format | null) ?? 'csv')}
            allowDeselect={false}
            w={130}
          />
          <Button onClick={upload} disabled={!file} loading={busy}>
            {t('imports.import')}
          </Button>
        </Group>
        <FormProblem problem={problem} />
        {report && <ImportReport report={report} />}
      </Stack>
    </Card>
  );
}

function shown(value: unknown): string {
  return value === null || value === undefined ? '' : JSON.stringify(value, null, 2);
}

function EntryDetail({ entry, onClose }: { entry: LogEntry | null; onClose: () => void }) {
  const t = useT();
  const error = entry?.error as { detail?: string } | null | undefined;
  return (
    <Modal
      closeButtonProps={{ 'aria-label': t('common.close') }}
      opened={entry !== null}
      onClose={onClose}
      title={entry?.externalSystemId ?? t('imports.entry')}
      size="lg"
    >
      {entry && (
        <Stack gap="xs">
          {error?.detail && (
            <Alert color="red" data-testid="import-error">
              {error.detail}
            </Alert>
          )}
          <Text fw={600} size="sm">
            {t('imports.request')}
          </Text>
          <Code block>{shown(entry.request)}</Code>
          {entry.result !== null && (
            <>
              <Text fw={600} size="sm">
                {t('imports.result')}
              </Text>
              <Code block>{shown(entry.result)}</Code>
            </>
          )}
        </Stack>
      )}
    </Modal>
  );
}

/** Every import attempt, newest first: by outcome, by the leading system's id. */
function ImportLog() {
  const t = useT();
  const { language } = useLanguage();
  const [search, setSearch] = useAddressSearch();
  const [open, setOpen] = useState<LogEntry | null>(null);
  const outcome = (OUTCOMES as readonly string[]).includes(search.tab ?? '')
    ? (search.tab as (typeof OUTCOMES)[number])
    : undefined;
  const columns: Column<LogEntry>[] = [
    { key: 'when', header: t('audit.when'), cell: (row) => formatDateTime(row.created_date, language) },
    { key: 'id', header: t('imports.externalId'), cell: (row) => row.externalSystemId ?? '' },
    {
      key: 'source',
      header: t('payments.source'),
      cell: (row) => t(`imports.source.${row.source}`),
      wide: true,
    },
    {
      key: 'outcome',
      header: t('imports.outcome'),
      cell: (row) => <StatusBadge status={`import_${row.outcome}`} />,
    },
  ];
  return (
    <Stack>
      <Title order={2} size="h4">
        {t('imports.log')}
      </Title>
      <SegmentedControl
        aria-label={t('imports.outcome')}
        value={outcome ?? 'all'}
        onChange={(value) => setSearch({ q: search.q, tab: value === 'all' ? undefined : value })}
        data={[
          { value: 'all', label: t('list.all') },
          ...OUTCOMES.map((value) => ({ value, label: t(`status.import_${value}`) })),
        ]}
        style={{ alignSelf: 'flex-start', maxWidth: '100%', overflowX: 'auto' }}
      />
      <DataTable
        queryKey={['import-log']}
        search={search}
        onSearch={(next) => setSearch({ ...next, tab: search.tab })}
        load={(s) =>
          data(
            api.GET('/api/v1/imports/log', {
              params: {
                query: {
                  ordering: '-created_date',
                  ...(outcome ? { outcome } : {}),
                  ...(s.q ? { externalSystemId: s.q.trim() } : {}),
                  ...(s.cursor ? { cursor: s.cursor } : {}),
                },
              },
            }),
          )
        }
        columns={columns}
        rowKey={(row) => row.uuid}
        onOpen={setOpen}
        searchLabel={t('imports.search')}
        empty={t('imports.empty')}
      />
      <EntryDetail entry={open} onClose={() => setOpen(null)} />
    </Stack>
  );
}

export default function ImportsPage() {
  const t = useT();
  const { role } = useSignedIn();
  return (
    <Stack>
      <PageHeader title={t('nav.imports')} />
      {role === 'viewer' ? (
        <Alert color="gray">{t('imports.notForViewers')}</Alert>
      ) : (
        <>
          <UploadFile />
          <ImportLog />
        </>
      )}
    </Stack>
  );
}
