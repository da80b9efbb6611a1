import { Button, Modal } from '@mantine/core';
import { useQuery, useQueryClient } from '@tanstack/react-query';
import { useNavigate } from '@tanstack/react-router';
import { useState } from 'react';
import { api, data, type Schemas } from '../../api/client.ts';
import { useCanWrite } from '../../api/session.ts';
import { DataTable } from '../../components/DataTable.tsx';
import { ResourceForm } from '../../components/ResourceForm.tsx';
import { SecretModal } from '../../components/SecretModal.tsx';
import { StatusBadge } from '../../components/StatusBadge.tsx';
import { useLocalSearch } from '../../components/useListSearch.ts';
import { useT } from '../../i18n/i18n.tsx';
import { SectionTitle } from './SectionTitle.tsx';
import { webhookFields } from './webhook-fields.ts';

export type Endpoint = Schemas['WebhookEndpoint'];

/** Every event type an endpoint can receive, as choices. */
export function useEventTypeOptions() {
  const query = useQuery({
    queryKey: ['webhook-event-types'],
    queryFn: () => data(api.GET('/api/v1/webhook-event-types')),
    staleTime: Number.POSITIVE_INFINITY,
  });
  return (query.data?.results ?? []).map((type) => ({ value: type.type, label: type.type }));
}

/** The endpoint's state in one word: on, off by hand, or turned off by kassa (gone, failing). */
export function endpointStatus(endpoint: Endpoint): string {
  if (endpoint.enabled) return endpoint.failing_since ? 'failing' : 'enabled';
  return endpoint.disabled_reason ?? 'disabled';
}

/** The webhook endpoints: list, register one (its secret shown once); each opens its own page. */
export function WebhooksSection() {
  const t = useT();
  const canWrite = useCanWrite();
  const navigate = useNavigate();
  const client = useQueryClient();
  const eventTypes = useEventTypeOptions();
  const [search, setSearch] = useLocalSearch();
  const [creating, setCreating] = useState(false);
  const [secret, setSecret] = useState<string | null>(null);
  return (
    <>
      <SectionTitle title={t('settings.webhooks.title')} intro={t('settings.webhooks.intro')}>
        {canWrite && <Button onClick={() => setCreating(true)}>{t('settings.webhooks.new')}</Button>}
      </SectionTitle>
      <DataTable<Endpoint>
        queryKey={['webhooks']}
        search={search}
        onSearch={setSearch}
        load={(s) =>
          data(
            api.GET('/api/v1/webhooks', {
              params: { query: { limit: 50, ...(s.cursor ? { cursor: s.cursor } : {}) } },
            }),
          )
        }
        columns={[
          {
            key: 'url',
            header: t('settings.webhooks.url'),
            cell: (row) => <span style={{ wordBreak: 'break-all' }}>{row.url}</span>,
          },
          {
            key: 'description',
            header: t('settings.webhooks.description'),
            cell: (row) => row.description,
            wide: true,
          },
          {
            key: 'events',
            header: t('settings.webhooks.eventTypes'),
            cell: (row) =>
              row.event_types === null
                ? t('settings.webhooks.allEvents')
                : t('settings.webhooks.someEvents', { count: row.event_types.length }),
            wide: true,
          },
          {
            key: 'status',
            header: t('common.status'),
            cell: (row) => <StatusBadge status={endpointStatus(row)} />,
          },
        ]}
        rowKey={(row) => row.uuid}
        onOpen={(row) =>
          void navigate({ to: '/settings/webhooks/$endpointId', params: { endpointId: row.uuid } })
        }
        empty={t('settings.webhooks.empty')}
      />
      {creating && (
        <Modal
          opened
          onClose={() => setCreating(false)}
          title={t('settings.webhooks.new')}
          size="lg"
          closeButtonProps={{ 'aria-label': t('common.close') }}
        >
          <ResourceForm
            fields={webhookFields(eventTypes)}
            defaults={{ enabled: true }}
            save={(body) => data(api.POST('/api/v1/webhooks', { body: body as never }))}
            onSaved={async (made) => {
              setCreating(false);
              setSecret(made.secret);
              await client.invalidateQueries({ queryKey: ['webhooks'] });
            }}
            onCancel={() => setCreating(false)}
          />
        </Modal>
      )}
      {secret && (
        <SecretModal
          title={t('settings.webhooks.secretTitle')}
          help={t('settings.webhooks.secretHelp')}
          secret={secret}
          onClose={() => setSecret(null)}
        />
      )}
    </>
  );
}
