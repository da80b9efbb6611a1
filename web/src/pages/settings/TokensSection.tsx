import { Button, Code, Modal, Text } from '@mantine/core';
import { modals } from '@mantine/modals';
import { notifications } from '@mantine/notifications';
import { useQueryClient } from '@tanstack/react-query';
import { useState } from 'react';
import { api, data, type Schemas } from '../../api/client.ts';
import { useSignedIn } from '../../api/session.ts';
import { DataTable } from '../../components/DataTable.tsx';
import { ResourceForm } from '../../components/ResourceForm.tsx';
import { SecretModal } from '../../components/SecretModal.tsx';
import { useLocalSearch } from '../../components/useListSearch.ts';
import { formatDate } from '../../format.ts';
import { useLanguage, useT } from '../../i18n/i18n.tsx';
import { OwnersOnly, SectionTitle } from './SectionTitle.tsx';

type Token = Schemas['ApiToken'];
const SCOPES = ['full', 'read', 'partner', 'import'] as const;

/** API tokens: listed by name, scope and last characters; the secret is shown once, when made. */
export function TokensSection() {
  const t = useT();
  const { language } = useLanguage();
  const session = useSignedIn();
  const client = useQueryClient();
  const [search, setSearch] = useLocalSearch();
  const [creating, setCreating] = useState(false);
  const [secret, setSecret] = useState<string | null>(null);
  if (session.role !== 'owner')
    return <OwnersOnly title={t('settings.tokens.title')} text={t('settings.tokens.ownersOnly')} />;
  const refresh = () => client.invalidateQueries({ queryKey: ['tokens'] });
  const revoke = (token: Token) =>
    modals.openConfirmModal({
      title: t('settings.tokens.revoke'),
      children: (
        <Text size="sm">
          {t('settings.tokens.revokeConfirm', { name: token.name || `ks_…${token.last_characters ?? ''}` })}
        </Text>
      ),
      labels: { confirm: t('settings.tokens.revoke'), cancel: t('common.cancel') },
      confirmProps: { color: 'red' },
      onConfirm: async () => {
        try {
          await data(api.DELETE('/api/v1/tokens/{id}', { params: { path: { id: token.id } } }));
          notifications.show({ color: 'green', message: t('settings.tokens.revoked') });
          await refresh();
        } catch (error) {
          notifications.show({ color: 'red', message: (error as Error).message });
        }
      },
    });
  return (
    <>
      <SectionTitle title={t('settings.tokens.title')} intro={t('settings.tokens.intro')}>
        <Button onClick={() => setCreating(true)}>{t('settings.tokens.new')}</Button>
      </SectionTitle>
      <DataTable<Token>
        queryKey={['tokens']}
        search={search}
        onSearch={setSearch}
        load={(s) =>
          data(
            api.GET('/api/v1/tokens', {
              params: { query: { limit: 50, ...(s.cursor ? { cursor: s.cursor } : {}) } },
            }),
          )
        }
        columns={[
          { key: 'name', header: t('settings.tokens.name'), cell: (row) => row.name || '—' },
          {
            key: 'scope',
            header: t('settings.tokens.scope'),
            cell: (row) => t(`settings.tokens.scope.${row.scope}`),
          },
          {
            key: 'token',
            header: t('settings.tokens.token'),
            cell: (row) => <Code>{`ks_…${row.last_characters ?? '????'}`}</Code>,
          },
          {
            key: 'created',
            header: t('common.created'),
            cell: (row) => formatDate(row.created_date, language),
            wide: true,
          },
          {
            key: 'revoke',
            header: '',
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
            numeric: true,
          },
        ]}
        rowKey={(row) => row.id}
        empty={t('settings.tokens.empty')}
      />
      {creating && (
        <Modal
          opened
          onClose={() => setCreating(false)}
          title={t('settings.tokens.new')}
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
            save={(body) => data(api.POST('/api/v1/tokens', { body: body as never }))}
            onSaved={async (made) => {
              setCreating(false);
              setSecret(made.token);
              await refresh();
            }}
            onCancel={() => setCreating(false)}
          />
        </Modal>
      )}
      {secret && (
        <SecretModal
          title={t('settings.tokens.created')}
          help={t('settings.tokens.createdHelp')}
          secret={secret}
          onClose={() => setSecret(null)}
        />
      )}
    </>
  );
}
