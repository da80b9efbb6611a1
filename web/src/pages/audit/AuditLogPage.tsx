import { Autocomplete, Button, Paper, Select, SimpleGrid, Stack, TextInput } from '@mantine/core';
import { useDebouncedCallback } from '@mantine/hooks';
import { useQuery } from '@tanstack/react-query';
import { useState } from 'react';
import { api, data } from '../../api/client.ts';
import type { FilteredSearch } from '../../components/list-search.ts';
import { PageHeader } from '../../components/PageHeader.tsx';
import { useAddressSearch } from '../../components/useListSearch.ts';
import { useT } from '../../i18n/i18n.tsx';
import { type AuditFilters, AuditTable } from './AuditTable.tsx';

export const AUDIT_FILTERS = ['action', 'entity_type', 'entity_id', 'user', 'client_system'] as const;
type Key = (typeof AUDIT_FILTERS)[number];
const UUID = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/i;

/** A text filter that asks the server once the person stops typing. */
function TextFilter({
  label,
  value,
  onChange,
  error,
}: {
  label: string;
  value: string | undefined;
  onChange: (value: string) => void;
  error?: string | undefined;
}) {
  const [text, setText] = useState(value ?? '');
  // The address changed from elsewhere (Clear filters, back): show its value, not the old text.
  const [shown, setShown] = useState(value);
  if (value !== shown) {
    setShown(value);
    if ((value ?? '') !== text.trim()) setText(value ?? '');
  }
  const commit = useDebouncedCallback(onChange, 400);
  return (
    <TextInput
      label={label}
      value={text}
      error={error}
      onChange={(event) => {
        setText(event.currentTarget.value);
        commit(event.currentTarget.value.trim());
      }}
    />
  );
}

export default function AuditLogPage() {
  const t = useT();
  const [address, setAddress] = useAddressSearch();
  const search = address as FilteredSearch<Key>;
  // The actions the log writes are the webhook event types: the same `<entity>.<what happened>` names.
  const types = useQuery({
    queryKey: ['webhook-event-types'],
    queryFn: () => data(api.GET('/api/v1/webhook-event-types')),
    staleTime: Number.POSITIVE_INFINITY,
  });
  const actions = (types.data?.results ?? []).map((type) => type.type);
  const entityTypes = [...new Set(actions.map((action) => action.split('.')[0] ?? action))].sort();
  const set = (key: Key, value: string | null) =>
    setAddress({ ...search, [key]: value || undefined, cursor: undefined } as FilteredSearch<Key>);
  const idError = search.entity_id && !UUID.test(search.entity_id) ? t('audit.notAnId') : undefined;
  const filters: AuditFilters = {};
  for (const key of AUDIT_FILTERS) {
    const value = search[key];
    if (value && !(key === 'entity_id' && idError)) filters[key] = value;
  }
  // A new set of inputs when the filters are cleared, so that the typed texts go too.
  const [generation, setGeneration] = useState(0);
  const any = AUDIT_FILTERS.some((key) => search[key]);
  return (
    <Stack>
      <PageHeader title={t('nav.audit')} />
      <Paper withBorder radius="md" p="sm" role="search" aria-label={t('audit.filters')}>
        <SimpleGrid cols={{ base: 2, md: 3 }} key={generation}>
          <TextFilter label={t('audit.person')} value={search.user} onChange={(v) => set('user', v)} />
          <TextFilter
            label={t('audit.clientSystem')}
            value={search.client_system}
            onChange={(v) => set('client_system', v)}
          />
          <Autocomplete
            label={t('audit.action')}
            data={actions}
            defaultValue={search.action ?? ''}
            limit={30}
            onChange={(value) => {
              if (value === '' || actions.includes(value)) set('action', value);
            }}
            onBlur={(event) => set('action', event.currentTarget.value.trim())}
          />
          <Select
            label={t('audit.objectType')}
            data={entityTypes}
            value={search.entity_type ?? null}
            onChange={(value) => set('entity_type', value)}
            searchable
            clearable
          />
          <TextFilter
            label={t('audit.objectId')}
            value={search.entity_id}
            onChange={(v) => set('entity_id', v)}
            error={idError}
          />
          {any && (
            <Button
              variant="default"
              mt="xl"
              style={{ alignSelf: 'flex-start' }}
              onClick={() => {
                setAddress({});
                setGeneration((n) => n + 1);
              }}
            >
              {t('audit.clear')}
            </Button>
          )}
        </SimpleGrid>
      </Paper>
      <AuditTable filters={filters} search={search} onSearch={(next) => setAddress({ ...search, ...next })} />
    </Stack>
  );
}
