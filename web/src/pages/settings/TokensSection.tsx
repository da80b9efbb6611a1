import { Button, Code, Modal, Stack, Text, Title } from '@mantine/core';
import { modals } from '@mantine/modals';
import { notifications } from '@mantine/notifications';
import { useQueryClient } from '@tanstack/react-query';
import { useState } from 'react';
import { api, data, type Schemas } from '../../api/client.ts';
import { useSignedIn } from '../../api/session.ts';
import { DataTable, type Page } from '../../components/DataTable.tsx';
import { ResourceForm } from '../../components/ResourceForm.tsx';
import { SecretModal } from '../../components/SecretModal.tsx';
import { useLocalSearch } from '../../components/useListSearch.ts';
import { formatDate } from '../../format.ts';
import { type MessageId, useLanguage, useT } from '../../i18n/i18n.tsx';
import { OwnersOnly, SectionTitle } from './SectionTitle.tsx';

type Credential = Schemas['ApiToken'] | Schemas['OAuthClient'];
type Kind = 'token' | 'oauth_client';
const SCOPES = ['full', 'read', 'partner', 'import'] as const;

/** What differs between API tokens and OAuth clients: their API, their secret's prefix, their words. */
const KINDS: Record<
  Kind,
  {
    prefix: string;
    title: MessageId;
    intro: MessageId;
    new: MessageId;
    empty: MessageId;
    created: MessageId;
    revokeConfirm: MessageId;
    revokedTitle: MessageId;
    revokedEmpty: MessageId;
    list: (cursor: string | undefined, revoked: boolean) => Promise<Page<Credential>>;
    create: (body: object) => Promise<{ secret: string; id: string }>;
    revoke: (id: string) => Promise<unknown>;
  }
> = {
  token: {
    prefix: 'ks_',
    title: 'settings.tokens.title',
    intro: 'settings.tokens.intro',
    new: 'settings.tokens.new',
    empty: 'settings.tokens.empty',
    created: 'settings.tokens.created',
    revokeConfirm: 'settings.tokens.revokeConfirm',
    revokedTitle: 'settings.tokens.revokedTitle',
    revokedEmpty: 'settings.tokens.revokedEmpty',
    list: (cursor, revoked) =>
      data(
        api.GET('/api/v1/tokens', {
          params: {
            query: { limit: 50, revoked: revoked ? 'true' : 'false', ...(cursor ? { cursor } : {}) },
          },
        }),
      ),
    create: async (body) => {
      const made = await data(api.POST('/api/v1/tokens', { body: body as never }));
      return { secret: made.token, id: made.id };
    },
    revoke: (id) => data(api.DELETE('/api/v1/tokens/{id}', { params: { path: { id } } })),
  },
  oauth_client: {
    prefix: 'kc_',
    title: 'settings.oauth.title',
    intro: 'settings.oauth.intro',
    new: 'settings.oauth.new',
    empty: 'settings.oauth.empty',
    created: 'settings.oauth.created',
    revokeConfirm: 'settings.oauth.revokeConfirm',
    revokedTitle: 'settings.oauth.revokedTitle',
    revokedEmpty: 'settings.oauth.revokedEmpty',
    list: (cursor, revoked) =>
      data(
        api.GET('/api/v1/oauth-clients', {
          params: {
            query: { limit: 50, revoked: revoked ? 'true' : 'false', ...(cursor ? { cursor } : {}) },
          },
        }),
      ),
    create: async (body) => {
      const made = await data(api.POST('/api/v1/oauth-clients', { body: body as never }));
      return { secret: made.client_secret, id: made.client_id };
    },
    revoke: (id) => data(api.DELETE('/api/v1/oauth-clients/{id}', { params: { path: { id } } })),
  },
};

/**
 * API tokens or OAuth clients: listed by name, scope and last characters; the secret is shown once,
 * when made; revoked with a confirmation.
 */
function Credentials({ kind }: { kind: Kind }) {
  const t = useT();
  const { language } = useLanguage();
  const client = useQueryClient();
  const config = KINDS[kind];
  const [search, setSearch] = useLocalSearch();
  const [revokedSearch, setRevokedSearch] = useLocalSearch();
  const [creating, setCreating] = useState(false);
  const [made, setMade] = useState<{ secret: string; id: string } | null>(null);
  const refresh = () => client.invalidateQueries({ queryKey: ['credentials', kind] });
  const revoke = (row: Credential) =>
    modals.openConfirmModal({
      title: t('settings.tokens.revoke'),
      children: (
        <Text size="sm">
          {t(config.revokeConfirm, { name: row.name || `${config.prefix}…${row.last_characters ?? ''}` })}
        </Text>
      ),
      labels: { confirm: t('settings.tokens.revoke'), cancel: t('common.cancel') },
      confirmProps: { color: 'red' },
      onConfirm: async () => {
        try {
          await config.revoke(row.id);
          notifications.show({ color: 'green', message: t('settings.tokens.revoked') });
          await refresh();
        } catch (error) {
          notifications.show({ color: 'red', message: (error as Error).message });
        }
      },
    });
  return (
    <div>
      <SectionTitle title={t(config.title)} intro={t(config.intro)}>
        <Button onClick={() => setCreating(true)}>{t(config.new)}</Button>
      </SectionTitle>
      <DataTable<Credential>
        queryKey={['credentials', kind]}
        search={search}
        onSearch={setSearch}
        load={(s) => config.list(s.cursor, false)}
        label={t(config.title)}
        columns={[
          { key: 'name', header: t('settings.tokens.name'), cell: (row) => row.name || '—' },
          {
            key: 'scope',
            header: t('settings.tokens.scope'),
            cell: (row) => t(`settings.tokens.scope.${row.scope}`),
          },
          {
            key: 'token',
            header: t(kind === 'token' ? 'settings.tokens.token' : 'settings.oauth.secret'),
            cell: (row) => <Code>{`${config.prefix}…${row.last_characters ?? '????'}`}</Code>,
          },
          ...(kind === 'oauth_client'
            ? [
                {
                  key: 'id',
                  header: t('settings.oauth.clientId'),
                  cell: (row: Credential) => <Code>{row.id}</Code>,
                  wide: true,
                },
              ]
            : []),
          {
            key: 'created',
            header: t('common.created'),
            cell: (row) => formatDate(row.created_date, language),
            wide: true,
          },
          {
            key: 'revoke',
            header: '',
            numeric: true,
            cell: (row) => (
              <Button
                size="compact-sm"
                variant="subtle"
                color="red"
                onClick={() => revoke(row)}
                aria-label={`${t('settings.tokens.revoke')} ${row.name || row.last_characters || ''}`}
              >
                {t('settings.tokens.revoke')}
              </Button>
            ),
          },
        ]}
        rowKey={(row) => row.id}
        empty={t(config.empty)}
      />
      <Title order={3} size="h5" mt="lg" mb={4}>
        {t(config.revokedTitle)}
      </Title>
      <Text size="sm" c="dimmed" mb="xs">
        {t('settings.tokens.revokedIntro')}
      </Text>
      <DataTable<Credential>
        queryKey={['credentials', kind, 'revoked']}
        search={revokedSearch}
        onSearch={setRevokedSearch}
        load={(s) => config.list(s.cursor, true)}
        label={t(config.revokedTitle)}
        dimmed
        columns={[
          { key: 'name', header: t('settings.tokens.name'), cell: (row) => row.name || '—' },
          {
            key: 'scope',
            header: t('settings.tokens.scope'),
            cell: (row) => t(`settings.tokens.scope.${row.scope}`),
            wide: true,
          },
          {
            key: 'token',
            header: t(kind === 'token' ? 'settings.tokens.token' : 'settings.oauth.secret'),
            cell: (row) => <Code c="dimmed">{`${config.prefix}…${row.last_characters ?? '????'}`}</Code>,
          },
          {
            key: 'created',
            header: t('common.created'),
            cell: (row) => formatDate(row.created_date, language),
            wide: true,
          },
          {
            key: 'revoked',
            header: t('settings.tokens.revokedDate'),
            cell: (row) => (row.revoked_date ? formatDate(row.revoked_date, language) : ''),
          },
        ]}
        rowKey={(row) => row.id}
        empty={t(config.revokedEmpty)}
      />
      {creating && (
        <Modal
          opened
          onClose={() => setCreating(false)}
          title={t(config.new)}
          size="lg"
          closeButtonProps={{ 'aria-label': t('common.close') }}
        >
          <ResourceForm
            fields={[
              {
                name: 'name',
                label: 'settings.tokens.name',
                kind: 'text',
                omitEmpty: true,
                help: 'settings.tokens.nameHelp',
              },
              {
                name: 'scope',
                label: 'settings.tokens.scope',
                kind: 'select',
                required: true,
                help: 'settings.tokens.scopeHelp',
                options: SCOPES.map((value) => ({ value, label: t(`settings.tokens.scope.${value}`) })),
              },
            ]}
            defaults={{ scope: 'read' }}
            save={config.create}
            onSaved={async (result) => {
              setCreating(false);
              setMade(result);
              await refresh();
            }}
            onCancel={() => setCreating(false)}
          />
        </Modal>
      )}
      {made && (
        <SecretModal
          title={t(config.created)}
          help={
            kind === 'token'
              ? t('settings.tokens.createdHelp')
              : t('settings.oauth.createdHelp', { id: made.id })
          }
          secret={made.secret}
          onClose={() => setMade(null)}
        />
      )}
    </div>
  );
}

/** The ways other systems sign in to the API: tokens, and OAuth clients. Owners only. */
export function TokensSection() {
  const t = useT();
  const session = useSignedIn();
  if (session.role !== 'owner')
    return <OwnersOnly title={t('settings.tokens.title')} text={t('settings.tokens.ownersOnly')} />;
  return (
    <Stack gap="xl">
      <Credentials kind="token" />
      <Credentials kind="oauth_client" />
    </Stack>
  );
}
