import { Badge, Button, Group, Modal, Text } from '@mantine/core';
import { modals } from '@mantine/modals';
import { notifications } from '@mantine/notifications';
import { useQueryClient } from '@tanstack/react-query';
import { useState } from 'react';
import { api, data, type Schemas } from '../../api/client.ts';
import { useSignedIn } from '../../api/session.ts';
import { DataTable } from '../../components/DataTable.tsx';
import { type FieldSpec, ResourceForm } from '../../components/ResourceForm.tsx';
import { SecretModal } from '../../components/SecretModal.tsx';
import { StatusBadge } from '../../components/StatusBadge.tsx';
import { useLocalSearch } from '../../components/useListSearch.ts';
import { formatDate } from '../../format.ts';
import { LANGUAGES, useLanguage, useT } from '../../i18n/i18n.tsx';
import { LANGUAGE_NAMES } from '../../layout/LanguageMenu.tsx';
import { OwnersOnly, SectionTitle } from './SectionTitle.tsx';

type User = Schemas['User'];
const ROLES = ['owner', 'member', 'viewer'] as const;

function useUserFields(): { invite: FieldSpec[]; change: FieldSpec[] } {
  const t = useT();
  const role: FieldSpec = {
    name: 'role',
    label: 'settings.users.role',
    kind: 'select',
    required: true,
    help: 'settings.users.roleHelp',
    options: ROLES.map((value) => ({ value, label: t(`role.${value}`) })),
  };
  const language: FieldSpec = {
    name: 'language',
    label: 'settings.users.language',
    kind: 'select',
    omitEmpty: true,
    options: LANGUAGES.map((value) => ({ value, label: LANGUAGE_NAMES[value] })),
  };
  const name: FieldSpec = { name: 'name', label: 'settings.users.name', kind: 'text', omitEmpty: true };
  return {
    invite: [
      { name: 'email', label: 'settings.users.email', kind: 'text', required: true },
      name,
      role,
      language,
    ],
    change: [name, role, language],
  };
}

/** The people who sign in to the organization: invite, change role, remove. Owners only. */
export function UsersSection() {
  const t = useT();
  const { language } = useLanguage();
  const session = useSignedIn();
  const client = useQueryClient();
  const fields = useUserFields();
  const [search, setSearch] = useLocalSearch();
  const [editing, setEditing] = useState<User | 'new' | null>(null);
  const [invitation, setInvitation] = useState<string | null>(null);
  if (session.role !== 'owner')
    return <OwnersOnly title={t('settings.users.title')} text={t('settings.users.ownersOnly')} />;
  const refresh = () => client.invalidateQueries({ queryKey: ['users'] });
  const close = () => setEditing(null);
  const remove = (user: User) =>
    modals.openConfirmModal({
      title: t('settings.users.remove'),
      children: <Text size="sm">{t('settings.users.removeConfirm', { name: user.name })}</Text>,
      labels: { confirm: t('settings.users.remove'), cancel: t('common.cancel') },
      confirmProps: { color: 'red' },
      onConfirm: async () => {
        try {
          await data(api.DELETE('/api/v1/users/{id}', { params: { path: { id: user.id } } }));
          notifications.show({ color: 'green', message: t('settings.users.removed') });
          close();
          await refresh();
        } catch (error) {
          notifications.show({ color: 'red', message: (error as Error).message });
        }
      },
    });
  const renew = async (user: User) => {
    try {
      const renewed = await data(
        api.POST('/api/v1/users/{id}/invitation', { params: { path: { id: user.id } }, body: {} }),
      );
      close();
      setInvitation(renewed.invitation_url);
    } catch (error) {
      notifications.show({ color: 'red', message: (error as Error).message });
    }
  };
  return (
    <>
      <SectionTitle title={t('settings.users.title')} intro={t('settings.users.intro')}>
        <Button onClick={() => setEditing('new')}>{t('settings.users.invite')}</Button>
      </SectionTitle>
      <DataTable<User>
        queryKey={['users']}
        search={search}
        onSearch={setSearch}
        load={(s) =>
          data(
            api.GET('/api/v1/users', {
              params: {
                query: {
                  limit: 50,
                  ...(s.q ? { search: s.q } : {}),
                  ...(s.cursor ? { cursor: s.cursor } : {}),
                },
              },
            }),
          )
        }
        columns={[
          { key: 'name', header: t('settings.users.name'), cell: (row) => row.name },
          { key: 'email', header: t('settings.users.email'), cell: (row) => row.email, wide: true },
          { key: 'role', header: t('settings.users.role'), cell: (row) => t(`role.${row.role}`) },
          {
            key: 'status',
            header: t('common.status'),
            cell: (row) => (
              <Group gap={4}>
                <StatusBadge status={row.status} />
                {row.totp_enabled && (
                  <Badge variant="outline" color="gray">
                    {t('settings.users.totp')}
                  </Badge>
                )}
              </Group>
            ),
          },
          {
            key: 'created',
            header: t('settings.users.joined'),
            cell: (row) => formatDate(row.created_date.slice(0, 10), language),
            wide: true,
          },
        ]}
        rowKey={(row) => row.id}
        onOpen={(row) => setEditing(row)}
        searchLabel={t('settings.users.search')}
        empty={t('settings.users.empty')}
      />
      {editing && (
        <Modal
          opened
          onClose={close}
          title={editing === 'new' ? t('settings.users.invite') : editing.email}
          size="lg"
          closeButtonProps={{ 'aria-label': t('common.close') }}
        >
          <ResourceForm
            fields={editing === 'new' ? fields.invite : fields.change}
            item={editing === 'new' ? undefined : editing}
            defaults={{ role: 'member', language }}
            save={(body) =>
              editing === 'new'
                ? data(api.POST('/api/v1/users', { body: body as never }))
                : data(
                    api.PATCH('/api/v1/users/{id}', {
                      params: { path: { id: editing.id } },
                      body: body as never,
                    }),
                  )
            }
            onSaved={async (saved) => {
              notifications.show({
                color: 'green',
                message: t(editing === 'new' ? 'settings.users.invited' : 'common.saved'),
              });
              close();
              await refresh();
              const url = (saved as { invitation_url?: string | null }).invitation_url;
              if (url) setInvitation(url);
            }}
            onCancel={close}
            extra={
              editing !== 'new' && (
                <Group>
                  <Button variant="subtle" color="red" onClick={() => remove(editing)}>
                    {t('settings.users.remove')}
                  </Button>
                  {editing.status === 'invited' && (
                    <Button variant="subtle" onClick={() => renew(editing)}>
                      {t('settings.users.renew')}
                    </Button>
                  )}
                </Group>
              )
            }
          />
        </Modal>
      )}
      {invitation && (
        <SecretModal
          title={t('settings.users.invitationTitle')}
          help={t('settings.users.invitationHelp')}
          secret={invitation}
          onClose={() => setInvitation(null)}
        />
      )}
    </>
  );
}
