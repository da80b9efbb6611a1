import { AppShell, Burger, Group, NavLink, ScrollArea, Text } from '@mantine/core';
import { useDisclosure } from '@mantine/hooks';
import { Link, Outlet, useNavigate, useRouterState } from '@tanstack/react-router';
import { useEffect, useRef } from 'react';
import { useSession } from '../api/session.ts';
import type { MessageId } from '../i18n/i18n.tsx';
import { useT } from '../i18n/i18n.tsx';
import { LanguageMenu } from './LanguageMenu.tsx';
import { OrganizationMenu } from './OrganizationMenu.tsx';
import { UserMenu } from './UserMenu.tsx';

/** The sections of the app, in the order a bookkeeper's day goes through them. */
const SECTIONS: { to: string; label: MessageId; exact?: boolean; notForViewers?: boolean }[] = [
  { to: '/', label: 'nav.overview', exact: true },
  { to: '/dashboard', label: 'nav.dashboard' },
  { to: '/accounts', label: 'nav.accounts' },
  { to: '/subscriptions', label: 'nav.subscriptions' },
  { to: '/orders', label: 'nav.orders' },
  { to: '/billing', label: 'nav.billing' },
  { to: '/invoices', label: 'nav.invoices' },
  { to: '/payments', label: 'nav.payments' },
  { to: '/catalog', label: 'nav.catalog' },
  { to: '/settings', label: 'nav.settings' },
  { to: '/partners', label: 'nav.partners' },
  { to: '/imports', label: 'nav.imports', notForViewers: true },
  { to: '/audit', label: 'nav.audit' },
];

export function AppLayout() {
  const t = useT();
  const [opened, { toggle, close }] = useDisclosure();
  const path = useRouterState({ select: (state) => state.location.pathname });
  const here = useRouterState({ select: (state) => state.location.href });
  const session = useSession();
  const navigate = useNavigate();
  const signedOut = !session.data;
  // The session ended while the page was open (expired, or signed out elsewhere): sign in again, and
  // come back here after. Once: the layout stays on screen while the sign-in page loads.
  const leaving = useRef(false);
  useEffect(() => {
    if (!signedOut || leaving.current) return;
    leaving.current = true;
    void navigate({ to: '/sign-in', search: { expired: true, redirect: here } });
  }, [signedOut, here, navigate]);
  if (signedOut) return null;
  return (
    <AppShell
      header={{ height: 56 }}
      navbar={{ width: 230, breakpoint: 'sm', collapsed: { mobile: !opened } }}
      padding="md"
    >
      <AppShell.Header>
        <Group h="100%" px="md" justify="space-between" wrap="nowrap">
          <Group gap="sm" wrap="nowrap">
            <Burger
              opened={opened}
              onClick={toggle}
              hiddenFrom="sm"
              size="sm"
              aria-label={t('layout.menu')}
            />
            <Text component={Link} to="/" fw={700} size="lg" c="indigo.7" td="none">
              kassa
            </Text>
            <OrganizationMenu />
          </Group>
          <Group gap="xs" wrap="nowrap">
            <LanguageMenu />
            <UserMenu />
          </Group>
        </Group>
      </AppShell.Header>
      <AppShell.Navbar p="xs" aria-label={t('layout.navigation')}>
        <ScrollArea>
          {SECTIONS.filter((section) => !(section.notForViewers && session.data?.role === 'viewer')).map(
            (section) => (
              <NavLink
                key={section.to}
                component={Link}
                to={section.to}
                label={t(section.label)}
                active={section.exact ? path === section.to : path.startsWith(section.to)}
                onClick={close}
              />
            ),
          )}
        </ScrollArea>
      </AppShell.Navbar>
      <AppShell.Main>
        <Outlet />
      </AppShell.Main>
    </AppShell>
  );
}
