import { Anchor, Button, Code, Group, Modal, Paper, Stack, Table, Text } from '@mantine/core';
import { modals } from '@mantine/modals';
import { notifications } from '@mantine/notifications';
import { useQuery, useQueryClient } from '@tanstack/react-query';
import { Link, useNavigate, useParams } from '@tanstack/react-router';
import { useState } from 'react';
import { api, data, type Schemas } from '../../api/client.ts';
import { useCanWrite } from '../../api/session.ts';
import { DataTable } from '../../components/DataTable.tsx';
import { PageHeader } from '../../components/PageHeader.tsx';
import { ResourceForm } from '../../components/ResourceForm.tsx';
import { SecretModal } from '../../components/SecretModal.tsx';
import { StatusBadge } from '../../components/StatusBadge.tsx';
import { useLocalSearch } from '../../components/useListSearch.ts';
import { formatDateTime } from '../../format.ts';
import { useLanguage, useT } from '../../i18n/i18n.tsx';
import { SectionTitle } from './SectionTitle.tsx';
import { endpointStatus, useEventTypeOptions } from './WebhooksSection.tsx';
import { webhookFields } from './webhook-fields.ts';

type Delivery = Schemas['WebhookDelivery'];

/** A delivery's attempts: when, the receiver's status code or why there was none, and its answer. */
function AttemptsModal({ delivery, onClose }: { delivery: Delivery; onClose: () => void }) {
  const t = useT();
  const { language } = useLanguage();
  return (
    <Modal
      opened
      onClose={onClose}
      title={`${delivery.event_type} · ${delivery.event}`}
      size="xl"
      closeButtonProps={{ 'aria-label': t('common.close') }}
    >
      {delivery.attempts.length === 0 ? (
        <Text>{t('settings.webhooks.noAttempts')}</Text>
      ) : (
        <Table.ScrollContainer minWidth={480}>
          <Table>
            <Table.Thead>
              <Table.Tr>
                <Table.Th>#</Table.Th>
                <Table.Th>{t('settings.webhooks.attempted')}</Table.Th>
                <Table.Th>{t('settings.webhooks.statusCode')}</Table.Th>
                <Table.Th>{t('settings.webhooks.answer')}</Table.Th>
              </Table.Tr>
            </Table.Thead>
            <Table.Tbody>
              {delivery.attempts.map((attempt) => (
                <Table.Tr key={attempt.attempt}>
                  <Table.Td>{attempt.attempt}</Table.Td>
                  <Table.Td>{formatDateTime(attempt.attempted_date, language)}</Table.Td>
                  <Table.Td>{attempt.status_code ?? '—'}</Table.Td>
                  <Table.Td>
                    <Code style={{ whiteSpace: 'pre-wrap', wordBreak: 'break-all' }}>
                      {attempt.error ?? attempt.response ?? ''}
                    </Code>
                  </Table.Td>
                </Table.Tr>
              ))}
            </Table.Tbody>
          </Table>
        </Table.ScrollContainer>
      )}
    </Modal>
  );
}

/** One webhook endpoint: change it, test it, rotate its secret, and follow its deliveries. */
export default function WebhookEndpointPage() {
  const t = useT();
  const { language } = useLanguage();
  const canWrite = useCanWrite();
  const client = useQueryClient();
  const navigate = useNavigate();
  const { endpointId } = useParams({ strict: false }) as { endpointId: string };
  const eventTypes = useEventTypeOptions();
  const [search, setSearch] = useLocalSearch();
  const [secret, setSecret] = useState<string | null>(null);
  const [opened, setOpened] = useState<Delivery | null>(null);
  const query = useQuery({
    queryKey: ['webhook', endpointId],
    queryFn: () => data(api.GET('/api/v1/webhooks/{id}', { params: { path: { id: endpointId } } })),
    throwOnError: true,
  });
  const endpoint = query.data;
  if (!endpoint) return null;
  const path = { params: { path: { id: endpoint.uuid } } };
  const refreshDeliveries = () =>
    client.invalidateQueries({ queryKey: ['webhook-deliveries', endpoint.uuid] });
  const act = async (call: () => Promise<unknown>, done: string) => {
    try {
      await call();
      notifications.show({ color: 'green', message: done });
    } catch (error) {
      notifications.show({ color: 'red', message: (error as Error).message });
    }
  };
  const sendTest = () =>
    act(async () => {
      await data(api.POST('/api/v1/webhooks/{id}/test', { ...path, body: {} }));
      await refreshDeliveries();
    }, t('settings.webhooks.testSent'));
  const rotate = () =>
    modals.openConfirmModal({
      title: t('settings.webhooks.rotate'),
      children: <Text size="sm">{t('settings.webhooks.rotateConfirm')}</Text>,
      labels: { confirm: t('settings.webhooks.rotate'), cancel: t('common.cancel') },
      onConfirm: () =>
        act(async () => {
          const rotated = await data(api.POST('/api/v1/webhooks/{id}/rotate-secret', { ...path, body: {} }));
          client.setQueryData(['webhook', endpoint.uuid], rotated);
          setSecret(rotated.secret);
        }, t('settings.webhooks.rotated')),
    });
  const remove = () =>
    modals.openConfirmModal({
      title: t('settings.webhooks.delete'),
      children: <Text size="sm">{t('settings.webhooks.deleteConfirm', { url: endpoint.url })}</Text>,
      labels: { confirm: t('settings.webhooks.delete'), cancel: t('common.cancel') },
      confirmProps: { color: 'red' },
      onConfirm: () =>
        act(async () => {
          await data(api.DELETE('/api/v1/webhooks/{id}', path));
          await client.invalidateQueries({ queryKey: ['webhooks'] });
          await navigate({ to: '/settings', search: { tab: 'webhooks' } as never });
        }, t('settings.webhooks.deleted')),
    });
  const resend = (delivery: Delivery) =>
    act(async () => {
      await data(
        api.POST('/api/v1/webhooks/deliveries/{id}/resend', {
          params: { path: { id: delivery.uuid } },
          body: {},
        }),
      );
      await refreshDeliveries();
    }, t('settings.webhooks.resent'));

  return (
    <Stack>
      <Anchor component={Link} to="/settings" search={{ tab: 'webhooks' } as never} size="sm">
        ← {t('settings.webhooks.title')}
      </Anchor>
      <PageHeader
        title={
          <Group gap="sm" component="span">
            <span style={{ wordBreak: 'break-all' }}>{endpoint.description || endpoint.url}</span>
            <StatusBadge status={endpointStatus(endpoint)} />
          </Group>
        }
      >
        {canWrite && (
          <>
            <Button variant="default" onClick={sendTest}>
              {t('settings.webhooks.sendTest')}
            </Button>
            <Button variant="default" onClick={rotate}>
              {t('settings.webhooks.rotate')}
            </Button>
            <Button variant="subtle" color="red" onClick={remove}>
              {t('settings.webhooks.delete')}
            </Button>
          </>
        )}
      </PageHeader>
      <Paper withBorder radius="md" p="md">
        <ResourceForm
          key={endpoint.updated_date + String(endpoint.previous_secret_expires_date)}
          fields={webhookFields(eventTypes)}
          item={{ ...endpoint, event_types: endpoint.event_types ?? [] }}
          readOnly={!canWrite}
          save={(body) => data(api.PATCH('/api/v1/webhooks/{id}', { ...path, body: body as never }))}
          onSaved={async (saved) => {
            client.setQueryData(['webhook', endpoint.uuid], saved);
            await client.invalidateQueries({ queryKey: ['webhooks'] });
            notifications.show({ color: 'green', message: t('common.saved') });
          }}
        />
        {endpoint.previous_secret_expires_date && (
          <Text size="sm" c="dimmed" mt="sm">
            {t('settings.webhooks.previousSecret', {
              until: formatDateTime(endpoint.previous_secret_expires_date, language),
            })}
          </Text>
        )}
      </Paper>
      <SectionTitle title={t('settings.webhooks.deliveries')} intro={t('settings.webhooks.deliveriesIntro')}>
        <Button variant="default" onClick={refreshDeliveries}>
          {t('settings.webhooks.refresh')}
        </Button>
      </SectionTitle>
      <DataTable<Delivery>
        queryKey={['webhook-deliveries', endpoint.uuid]}
        search={search}
        onSearch={setSearch}
        load={(s) =>
          data(
            api.GET('/api/v1/webhooks/{id}/deliveries', {
              params: {
                path: { id: endpoint.uuid },
                query: { limit: 50, ...(s.cursor ? { cursor: s.cursor } : {}) },
              },
            }),
          )
        }
        columns={[
          { key: 'type', header: t('settings.webhooks.eventType'), cell: (row) => row.event_type },
          { key: 'status', header: t('common.status'), cell: (row) => <StatusBadge status={row.status} /> },
          {
            key: 'code',
            header: t('settings.webhooks.statusCode'),
            cell: (row) => row.attempts.at(-1)?.status_code ?? '—',
            numeric: true,
          },
          {
            key: 'attempts',
            header: t('settings.webhooks.attempts'),
            cell: (row) => row.attempt_count,
            numeric: true,
            wide: true,
          },
          {
            key: 'created',
            header: t('common.created'),
            cell: (row) => formatDateTime(row.created_date, language),
            wide: true,
          },
          ...(canWrite
            ? [
                {
                  key: 'resend',
                  header: '',
                  numeric: true,
                  cell: (row: Delivery) => (
                    <Button
                      size="compact-sm"
                      variant="subtle"
                      onClick={(event) => {
                        event.stopPropagation();
                        void resend(row);
                      }}
                    >
                      {t('settings.webhooks.resend')}
                    </Button>
                  ),
                },
              ]
            : []),
        ]}
        rowKey={(row) => row.uuid}
        onOpen={setOpened}
        empty={t('settings.webhooks.noDeliveries')}
      />
      {opened && <AttemptsModal delivery={opened} onClose={() => setOpened(null)} />}
      {secret && (
        <SecretModal
          title={t('settings.webhooks.secretTitle')}
          help={t('settings.webhooks.rotatedHelp')}
          secret={secret}
          onClose={() => setSecret(null)}
        />
      )}
    </Stack>
  );
}
