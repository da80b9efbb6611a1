import {
  Button,
  Group,
  Paper,
  Skeleton,
  Switch,
  Table,
  Text,
  TextInput,
  UnstyledButton,
} from '@mantine/core';
import { useDebouncedCallback } from '@mantine/hooks';
import { keepPreviousData, useQuery } from '@tanstack/react-query';
import type { ReactNode } from 'react';
import { cursorOf } from '../api/client.ts';
import { useT } from '../i18n/i18n.tsx';
import { type ListSearch, nextOrdering } from './list-search.ts';

export interface Page<T> {
  count: number;
  next: string | null;
  previous: string | null;
  results: T[];
}

export interface Column<T> {
  key: string;
  header: string;
  cell: (row: T) => ReactNode;
  /** Right-aligned, for amounts and counts. */
  numeric?: boolean;
  /** Hidden on a phone's width. */
  wide?: boolean;
  /** The API's `ordering` name this column sorts by (`name`, `total`): its header becomes a sort button. */
  sort?: string;
}

interface DataTableProps<T> {
  queryKey: readonly unknown[];
  search: ListSearch;
  /** A new search or page: list pages put it in the address, lists inside a page keep it in state. */
  onSearch: (search: ListSearch) => void;
  load: (search: ListSearch) => Promise<Page<T>>;
  columns: Column<T>[];
  rowKey: (row: T) => string;
  onOpen?: (row: T) => void;
  searchLabel?: string;
  archivable?: boolean;
  empty: string;
  /** Every row greyed: records kept for the record only (revoked tokens). */
  dimmed?: boolean;
  /** The table's accessible name, where a page has several lists. */
  label?: string;
}

/**
 * A list paged, searched and filtered on the server: the address holds the search and the cursor, so
 * a page can be bookmarked and the back button works; 100,000 rows cost what 50 do.
 */
export function DataTable<T>(props: DataTableProps<T>) {
  const t = useT();
  const { search } = props;
  const query = useQuery({
    queryKey: [...props.queryKey, search],
    queryFn: () => props.load(search),
    placeholderData: keepPreviousData,
  });
  const go = props.onSearch;
  const onSearch = useDebouncedCallback(
    (q: string) => go({ ...search, q: q || undefined, cursor: undefined }),
    300,
  );
  const page = query.data;

  return (
    <Paper withBorder radius="md">
      {(props.searchLabel || props.archivable) && (
        <Group p="sm" justify="space-between" gap="sm">
          {props.searchLabel && (
            <TextInput
              type="search"
              aria-label={props.searchLabel}
              placeholder={props.searchLabel}
              defaultValue={search.q ?? ''}
              onChange={(event) => onSearch(event.currentTarget.value)}
              style={{ flex: 1, minWidth: 180, maxWidth: 420 }}
            />
          )}
          {props.archivable && (
            <Switch
              label={t('list.archived')}
              checked={search.archived ?? false}
              onChange={(event) =>
                go({
                  q: search.q,
                  ordering: search.ordering,
                  archived: event.currentTarget.checked || undefined,
                })
              }
            />
          )}
        </Group>
      )}
      <Table.ScrollContainer minWidth={320}>
        <Table highlightOnHover={Boolean(props.onOpen)} verticalSpacing="sm" aria-label={props.label}>
          <Table.Thead>
            <Table.Tr>
              {props.columns.map((column) => (
                <Table.Th
                  key={column.key}
                  ta={column.numeric ? 'right' : undefined}
                  visibleFrom={column.wide ? 'sm' : undefined}
                  aria-sort={column.sort ? ariaSort(search.ordering, column.sort) : undefined}
                >
                  {column.sort ? (
                    <SortButton
                      column={column}
                      ordering={search.ordering}
                      onSort={(ordering) => go({ ...search, ordering, cursor: undefined })}
                    />
                  ) : (
                    column.header
                  )}
                </Table.Th>
              ))}
            </Table.Tr>
          </Table.Thead>
          <Table.Tbody aria-busy={query.isFetching}>
            {!page &&
              [0, 1, 2].map((row) => (
                <Table.Tr key={row}>
                  {props.columns.map((column) => (
                    <Table.Td key={column.key} visibleFrom={column.wide ? 'sm' : undefined}>
                      <Skeleton height={14} />
                    </Table.Td>
                  ))}
                </Table.Tr>
              ))}
            {page?.results.map((row) => (
              <Table.Tr
                key={props.rowKey(row)}
                onClick={props.onOpen ? () => props.onOpen?.(row) : undefined}
                style={props.onOpen ? { cursor: 'pointer' } : undefined}
                c={props.dimmed ? 'dimmed' : undefined}
              >
                {props.columns.map((column) => (
                  <Table.Td
                    key={column.key}
                    ta={column.numeric ? 'right' : undefined}
                    visibleFrom={column.wide ? 'sm' : undefined}
                    style={
                      column.numeric
                        ? { fontVariantNumeric: 'tabular-nums', whiteSpace: 'nowrap' }
                        : undefined
                    }
                  >
                    {column.cell(row)}
                  </Table.Td>
                ))}
              </Table.Tr>
            ))}
          </Table.Tbody>
        </Table>
      </Table.ScrollContainer>
      {page && page.results.length === 0 && (
        <Text c="dimmed" ta="center" p="lg">
          {props.empty}
        </Text>
      )}
      {query.isError && (
        <Text c="red" p="sm" role="alert">
          {(query.error as Error).message}
        </Text>
      )}
      <Group p="sm" justify="space-between">
        <Text size="sm" c="dimmed" aria-live="polite">
          {page ? t('list.count', { count: page.count }) : ''}
        </Text>
        <Group gap="xs">
          <Button
            variant="default"
            size="xs"
            disabled={!page?.previous}
            onClick={() => go({ ...search, cursor: cursorOf(page?.previous) })}
          >
            {t('list.previous')}
          </Button>
          <Button
            variant="default"
            size="xs"
            disabled={!page?.next}
            onClick={() => go({ ...search, cursor: cursorOf(page?.next) })}
          >
            {t('list.next')}
          </Button>
        </Group>
      </Group>
    </Paper>
  );
}

function ariaSort(ordering: string | undefined, sort: string): 'ascending' | 'descending' | 'none' {
  if (ordering === sort) return 'ascending';
  if (ordering === `-${sort}`) return 'descending';
  return 'none';
}

/** A column header that sorts the list by its column: ascending, then descending (`aria-sort` says which). */
function SortButton<T>(props: {
  column: Column<T>;
  ordering: string | undefined;
  onSort: (ordering: string) => void;
}) {
  const sort = props.column.sort ?? '';
  const state = ariaSort(props.ordering, sort);
  const arrow = state === 'ascending' ? '▲' : state === 'descending' ? '▼' : '↕';
  return (
    <UnstyledButton
      onClick={() => props.onSort(nextOrdering(props.ordering, sort))}
      fw={700}
      fz="sm"
      style={{ display: 'inline-flex', gap: 4, alignItems: 'center', whiteSpace: 'nowrap' }}
    >
      {props.column.header}
      <span aria-hidden="true" style={{ fontSize: '0.75em' }}>
        {arrow}
      </span>
    </UnstyledButton>
  );
}
