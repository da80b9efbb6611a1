import { Avatar, Menu, UnstyledButton } from '@mantine/core';
import { useNavigate } from '@tanstack/react-router';
import { useSessionActions, useSignedIn } from '../api/session.ts';
import { useT } from '../i18n/i18n.tsx';

export function UserMenu() {
  const t = useT();
  const session = useSignedIn();
  const { signOut } = useSessionActions();
  const navigate = useNavigate();
  const initials = (session.user.name || session.user.email)
    .split(/\s+/)
    .map((part) => part[0] ?? '')
    .join('')
    .slice(0, 2)
    .toUpperCase();
  return (
    <Menu position="bottom-end" withinPortal>
      <Menu.Target>
        <UnstyledButton aria-label={`${initials} · ${t('layout.userMenu')}`}>
          <Avatar color="indigo" radius="xl" size="sm">
            {initials}
          </Avatar>
        </UnstyledButton>
      </Menu.Target>
      <Menu.Dropdown>
        <Menu.Label>
          {session.user.name} · {t(`role.${session.role}`)}
        </Menu.Label>
        <Menu.Item
          onClick={async () => {
            await signOut();
            await navigate({ to: '/sign-in' });
          }}
        >
          {t('layout.signOut')}
        </Menu.Item>
      </Menu.Dropdown>
    </Menu>
  );
}
