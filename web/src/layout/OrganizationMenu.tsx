import { Button, Menu } from '@mantine/core';
import { notifications } from '@mantine/notifications';
import { useNavigate } from '@tanstack/react-router';
import { useSessionActions, useSignedIn } from '../api/session.ts';
import { useT } from '../i18n/i18n.tsx';

/** The organization worked in; a person in several switches here (the session changes, not the URL). */
export function OrganizationMenu() {
  const t = useT();
  const session = useSignedIn();
  const { switchOrganization } = useSessionActions();
  const navigate = useNavigate();
  const others = session.organizations.filter((org) => org.id !== session.organization.id);
  if (others.length === 0)
    return (
      <Button variant="light" size="compact-sm" component="span" visibleFrom="xs">
        {session.organization.name}
      </Button>
    );
  return (
    <Menu position="bottom-start" withinPortal>
      <Menu.Target>
        <Button
          variant="light"
          size="compact-sm"
          aria-label={`${session.organization.name} · ${t('layout.switchOrganization')}`}
        >
          {session.organization.name}
        </Button>
      </Menu.Target>
      <Menu.Dropdown>
        <Menu.Label>{t('layout.switchOrganization')}</Menu.Label>
        {others.map((org) => (
          <Menu.Item
            key={org.id}
            onClick={async () => {
              try {
                await switchOrganization(org.slug);
                await navigate({ to: '/' });
              } catch (error) {
                notifications.show({ color: 'red', message: (error as Error).message });
              }
            }}
          >
            {org.name}
          </Menu.Item>
        ))}
      </Menu.Dropdown>
    </Menu>
  );
}
