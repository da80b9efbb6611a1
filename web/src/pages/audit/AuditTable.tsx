import { Anchor, Code, Modal, SimpleGrid, Stack, Table, Text } from '@mantine/core';
import { Link } from '@tanstack/react-router';
import { useState } from 'react';
import { api, data, type QueryOf, type Schemas } from '../../api/client.ts';
import { type Column, DataTable } from '../../components/DataTable.tsx';
import { Detail } from '../../components/Detail.tsx';
import type { ListSearch } from '../../components/list-search.ts';
import { formatDateTime } from '../../format.ts';
import { useLanguage, useT } from '../../i18n/i18n.tsx';

export type AuditEntry = Schemas['AuditEntry'];
export type AuditFilters = Omit<QueryOf<'/api/v1/audit-log'>, 'cursor' | 'limit' | 'ordering'>;

/** The app's page of an object the log names, where it has one. */
function ObjectLink({ entry }: { entry: AuditEntry }) {
  const id = entry.entity_id;
  const label = `${entry.entity_type} ${id.slice(0, 8)}…`;
  const stop = (event: React.MouseEvent) => event.stopPropagation();
  const link = (render: (props: Record<string, unknown>) => React.ReactNode) => (
    <Anchor onClick={stop} renderRoot={render}>
      {label}
    </Anchor>
  );
  switch (entry.entity_type) {
    case 'account':
      return link((props) => <Link to="/accounts/$accountId" params={{ accountId: id }} {...props} />);
    case 'subscription':
      return link((props) => (
        <Link to="/subscriptions/$subscriptionId" params={{ subscriptionId: id }} {...props} />
      ));
    case 'invoice':
      return link((props) => <Link to="/invoices/$invoiceId" params={{ invoiceId: id }} {...props} />);
    case 'invoice_draft':
      return link((props) => <Link to="/billing/drafts/$draftId" params={{ draftId: id }} {...props} />);
    default:
      return <>{label}</>;
  }
}

function shown(value: unknown): string {
  if (value === undefined) return '';
  if (typeof value === 'string') return value;
  return JSON.stringify(value, null, 1);
}

/** The fields an entry changed: before and after side by side, unchanged fields left out. */
export function changedFields(
  before: unknown,
  after: unknown,
): { field: string; before: string; after: string }[] {
  const object = (value: unknown) =>
    value && typeof value === 'object' && !Array.isArray(value) ? (value as Record<string, unknown>) : {};
  const b = object(before);
  const a = object(after);
  const fields = [...new Set([...Object.keys(b), ...Object.keys(a)])];
  return fields
    .filter((field) => JSON.stringify(b[field]) !== JSON.stringify(a[field]))
    .map((field) => ({ field, before: shown(b[field]), after: shown(a[field]) }));
}

function EntryDetail({ entry, onClose }: { entry: AuditEntry | null; onClose: () => void }) {
  const t = useT();
  const { language } = useLanguage();
  const changes = entry ? changedFields(entry.before, entry.after) : [];
  return (
    <Modal
      closeButtonProps={{ 'aria-label': t('common.close') }}
      opened={entry !== null}
      onClose={onClose}
      title={entry?.action}
      size="xl"
    >
      {entry && (
        <Stack>
          <SimpleGrid cols={{ base: 1, xs: 2 }}>
            <Detail label={t('audit.when')} value={formatDateTime(entry.created_date, language)} />
            <Detail label={t('audit.object')} value={<ObjectLink entry={entry} />} />
            <Detail label={t('audit.person')} value={entry.user} />
            <Detail label={t('audit.clientSystem')} value={entry.client_system} />
            <Detail label={t('audit.token')} value={entry.token} />
            <Detail label={t('audit.requestId')} value={entry.request_id} />
          </SimpleGrid>
          <Table.ScrollContainer minWidth={480}>
            <Table withTableBorder verticalSpacing="xs" data-testid="audit-changes">
              <Table.Thead>
                <Table.Tr>
                  <Table.Th>{t('audit.field')}</Table.Th>
                  <Table.Th>{t('audit.before')}</Table.Th>
                  <Table.Th>{t('audit.after')}</Table.Th>
                </Table.Tr>
              </Table.Thead>
              <Table.Tbody>
                {changes.map((change) => (
                  <Table.Tr key={change.field}>
                    <Table.Td>
                      <Code>{change.field}</Code>
                    </Table.Td>
                    <Table.Td style={{ whiteSpace: 'pre-wrap', wordBreak: 'break-word' }}>
                      {change.before}
                    </Table.Td>
                    <Table.Td style={{ whiteSpace: 'pre-wrap', wordBreak: 'break-word' }}>
                      {change.after}
                    </Table.Td>
                  </Table.Tr>
                ))}
              </Table.Tbody>
            </Table>
          </Table.ScrollContainer>
          {changes.length === 0 && (
            <Text size="sm" c="dimmed">
              {t('audit.noChanges')}
            </Text>
          )}
        </Stack>
      )}
    </Modal>
  );
}

/**
 * The audit log, newest first, paged on the server: filtered as given (an account's history, or the
 * audit page's filters); a row opens what it changed.
 */
export function AuditTable({
  filters,
  search,
  onSearch,
  showObject = true,
}: {
  filters: AuditFilters;
  search: ListSearch;
  onSearch: (search: ListSearch) => void;
  showObject?: boolean;
}) {
  const t = useT();
  const { language } = useLanguage();
  const [open, setOpen] = useState<AuditEntry | null>(null);
  const columns: Column<AuditEntry>[] = [
    { key: 'when', header: t('audit.when'), cell: (row) => formatDateTime(row.created_date, language) },
    { key: 'action', header: t('audit.action'), cell: (row) => <Code>{row.action}</Code> },
    ...(showObject
      ? [
          {
            key: 'object',
            header: t('audit.object'),
            cell: (row: AuditEntry) => <ObjectLink entry={row} />,
            wide: true,
          },
        ]
      : []),
    { key: 'who', header: t('audit.who'), cell: (row) => row.user ?? '', wide: true },
    { key: 'system', header: t('audit.clientSystem'), cell: (row) => row.client_system ?? '', wide: true },
  ];
  return (
    <>
      <DataTable
        queryKey={['audit', filters]}
        search={search}
        onSearch={onSearch}
        load={(s) =>
          data(
            api.GET('/api/v1/audit-log', {
              params: {
                query: { ...filters, ordering: '-created_date', ...(s.cursor ? { cursor: s.cursor } : {}) },
              },
            }),
          )
        }
        columns={columns}
        rowKey={(row) => row.uuid}
        onOpen={setOpen}
        empty={t('audit.empty')}
      />
      <EntryDetail entry={open} onClose={() => setOpen(null)} />
    </>
  );
}
