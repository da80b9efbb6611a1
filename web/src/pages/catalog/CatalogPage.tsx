import { Button, Group, Modal, Tabs, Text } from '@mantine/core';
import { notifications } from '@mantine/notifications';
import { useQuery, useQueryClient } from '@tanstack/react-query';
import { useNavigate, useSearch } from '@tanstack/react-router';
import { useState } from 'react';
import { api, data } from '../../api/client.ts';
import { useCanWrite } from '../../api/session.ts';
import { currencyOptions } from '../../components/choices.ts';
import { DataTable, type Page } from '../../components/DataTable.tsx';
import { type ListSearch, orderingOf } from '../../components/list-search.ts';
import { PageHeader } from '../../components/PageHeader.tsx';
import { type FormValues, ResourceForm } from '../../components/ResourceForm.tsx';
import { formatDuration } from '../../format.ts';
import { useLanguage, useT } from '../../i18n/i18n.tsx';
import {
  type CatalogChoices,
  type CatalogItem,
  type CatalogPath,
  type CatalogResource,
  RESOURCES,
} from './resources.ts';

const DURATIONS = ['P14D', 'P1M', 'P2M', 'P3M', 'P6M', 'P12M', 'P24M', 'P36M'];

// The six catalog resources share one generic API; their paths are typed, their bodies described in resources.ts.
type Untyped = {
  GET(path: string, init: object): Promise<{ data?: unknown; error?: unknown; response: Response }>;
  POST(path: string, init: object): Promise<{ data?: unknown; error?: unknown; response: Response }>;
  PATCH(path: string, init: object): Promise<{ data?: unknown; error?: unknown; response: Response }>;
  DELETE(path: string, init: object): Promise<{ data?: unknown; error?: unknown; response: Response }>;
};
const catalogApi = api as unknown as Untyped;
const itemPath = (path: CatalogPath) => `${path}/{id}`;

export function listCatalog(path: CatalogPath, search: ListSearch, limit = 50): Promise<Page<CatalogItem>> {
  return data(
    catalogApi.GET(path, {
      params: {
        query: {
          limit,
          ...(search.q ? { search: search.q } : {}),
          ...(search.cursor ? { cursor: search.cursor } : {}),
          ...(search.archived ? { archived: 'true' } : {}),
          ...orderingOf(search),
        },
      },
    }),
  ) as Promise<Page<CatalogItem>>;
}

/** Every live item of a resource as choices of a select (the first 500: a catalog, not a ledger). */
function useOptions(path: CatalogPath, label: (item: CatalogItem) => string) {
  const query = useQuery({
    queryKey: ['catalog', path, 'options'],
    queryFn: () => listCatalog(path, {}, 500),
  });
  return (query.data?.results ?? []).map((item) => ({ value: item.uuid, label: label(item) }));
}

export function useCatalogChoices(): CatalogChoices {
  const t = useT();
  const { language } = useLanguage();
  const named = (item: CatalogItem) => `${item.name ?? item.code} (${item.code})`;
  return {
    t,
    language,
    planGroups: useOptions('/api/v1/plan-groups', named),
    plans: useOptions('/api/v1/plans', named),
    taxCategories: useOptions('/api/v1/tax-categories', named),
    businessUnits: useOptions('/api/v1/business-units', named),
    currencies: currencyOptions(language),
    durations: DURATIONS.map((value) => ({ value, label: formatDuration(value, language) })),
  };
}

function ItemModal({
  resource,
  item,
  choices,
  onClose,
}: {
  resource: CatalogResource;
  item: CatalogItem | null;
  choices: CatalogChoices;
  onClose: () => void;
}) {
  const t = useT();
  const client = useQueryClient();
  const refresh = () => client.invalidateQueries({ queryKey: ['catalog'] });
  const fields = resource.fields(choices);
  const toBody = resource.toBody ?? ((body: FormValues) => body);
  const archive = async () => {
    if (!item) return;
    try {
      await data(catalogApi.DELETE(itemPath(resource.path), { params: { path: { id: item.uuid } } }));
      notifications.show({ color: 'green', message: t('catalog.archived') });
      await refresh();
      onClose();
    } catch (error) {
      notifications.show({ color: 'red', message: (error as Error).message });
    }
  };
  return (
    <Modal opened onClose={onClose} title={t(item ? 'common.edit' : resource.newLabel)} size="lg">
      <ResourceForm
        fields={fields}
        item={item ? (resource.fromItem?.(item) ?? item) : undefined}
        defaults={resource.defaults?.(choices)}
        save={(body) =>
          item
            ? data(
                catalogApi.PATCH(itemPath(resource.path), {
                  params: { path: { id: item.uuid } },
                  body: toBody(body),
                }),
              )
            : data(catalogApi.POST(resource.path, { body: toBody(body) }))
        }
        onSaved={async () => {
          notifications.show({ color: 'green', message: t('common.saved') });
          await refresh();
          onClose();
        }}
        onCancel={onClose}
        extra={
          item && !item.archived ? (
            <Group>
              <Button variant="subtle" color="red" onClick={archive}>
                {t('common.archive')}
              </Button>
              <Text size="xs" c="dimmed">
                {t('catalog.archiveHelp')}
              </Text>
            </Group>
          ) : null
        }
      />
    </Modal>
  );
}

export default function CatalogPage() {
  const t = useT();
  const canWrite = useCanWrite();
  const navigate = useNavigate();
  const search = useSearch({ strict: false }) as ListSearch & { tab?: string };
  const resource =
    RESOURCES.find((candidate) => candidate.id === search.tab) ?? (RESOURCES[0] as CatalogResource);
  const choices = useCatalogChoices();
  const [editing, setEditing] = useState<CatalogItem | 'new' | null>(null);
  const go = (next: ListSearch & { tab?: string }) => navigate({ to: '/catalog', search: next as never });
  return (
    <>
      <PageHeader title={t('nav.catalog')}>
        {canWrite && <Button onClick={() => setEditing('new')}>{t(resource.newLabel)}</Button>}
      </PageHeader>
      <Tabs value={resource.id} onChange={(tab) => go({ tab: tab ?? undefined })} mb="md">
        <Tabs.List>
          {RESOURCES.map((candidate) => (
            <Tabs.Tab key={candidate.id} value={candidate.id}>
              {t(candidate.title)}
            </Tabs.Tab>
          ))}
        </Tabs.List>
      </Tabs>
      <DataTable
        key={resource.id}
        queryKey={['catalog', resource.path, 'list']}
        search={search}
        onSearch={(next) => go({ ...next, tab: resource.id })}
        load={(s) => listCatalog(resource.path, s)}
        columns={resource.columns(choices)}
        rowKey={(row) => row.uuid}
        onOpen={canWrite ? (row) => setEditing(row) : undefined}
        searchLabel={t('catalog.search')}
        archivable
        empty={t('catalog.empty')}
      />
      {editing && (
        <ItemModal
          resource={resource}
          item={editing === 'new' ? null : editing}
          choices={choices}
          onClose={() => setEditing(null)}
        />
      )}
    </>
  );
}
