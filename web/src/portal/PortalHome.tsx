import { Avatar, Button, Container, Group, Image, Menu, Stack, Tabs, Text, Title } from '@mantine/core';
import { useQueryClient } from '@tanstack/react-query';
import { useState } from 'react';
import { api } from '../api/client.ts';
import { CardSetupReturn } from './AddCard.tsx';
import { CardsSection } from './CardsSection.tsx';
import { DetailsSection } from './DetailsSection.tsx';
import { InvoicePage } from './InvoicePage.tsx';
import { InvoicesSection } from './InvoicesSection.tsx';
import { LANGUAGE_NAMES, PORTAL_LANGUAGES, usePortalLanguage, usePortalT } from './portal-i18n.tsx';
import type { PortalRoute } from './portal-path.ts';
import type { PortalSession } from './portal-types.ts';
import { SubscriptionsSection } from './SubscriptionsSection.tsx';

interface Props {
  session: PortalSession;
  route: PortalRoute;
  navigate: (path: string, replace?: boolean) => void;
  onSignedOut: () => void;
}

function Header({ session, onSignedOut }: Pick<Props, 'session' | 'onSignedOut'>) {
  const t = usePortalT();
  const { language, setLanguage } = usePortalLanguage();
  const queryClient = useQueryClient();
  const { organization } = session;
  const signOut = async () => {
    await api.DELETE('/api/self-service/session');
    queryClient.clear();
    onSignedOut();
  };
  return (
    <Group justify="space-between" wrap="wrap" py="md" gap="sm">
      <Group gap="sm" wrap="nowrap" miw={0} style={{ flex: '1 1 260px' }}>
        {organization.logo_url ? (
          <Image src={organization.logo_url} alt={organization.name} h={40} w="auto" fit="contain" />
        ) : (
          <Avatar color="brand" variant="filled" radius="md" aria-hidden>
            {organization.name.slice(0, 1).toUpperCase()}
          </Avatar>
        )}
        <Stack gap={0} miw={0}>
          <Title order={1} size="h3" lineClamp={2}>
            {t('portal.title', { organization: organization.name })}
          </Title>
          <Text size="sm" c="dimmed" lineClamp={1}>
            {session.account.name}
          </Text>
        </Stack>
      </Group>
      <Group gap="xs" wrap="nowrap">
        <Menu position="bottom-end">
          <Menu.Target>
            <Button variant="subtle" size="compact-md">
              {t('portal.language')} ({language.toUpperCase()})
            </Button>
          </Menu.Target>
          <Menu.Dropdown>
            {PORTAL_LANGUAGES.map((code) => (
              <Menu.Item key={code} lang={code} onClick={() => setLanguage(code)}>
                {LANGUAGE_NAMES[code]}
              </Menu.Item>
            ))}
          </Menu.Dropdown>
        </Menu>
        <Button variant="default" size="compact-md" onClick={() => void signOut()}>
          {t('portal.signOut')}
        </Button>
      </Group>
    </Group>
  );
}

/** The customer's account: subscriptions, invoices, cards and details, or one invoice. */
export function PortalHome({ session, route, navigate, onSignedOut }: Props) {
  const t = usePortalT();
  // Back from a gateway with a new card: the cards are what the customer wants to see.
  const [tab, setTab] = useState<string | null>(route.page === 'card-added' ? 'cards' : 'subscriptions');
  return (
    <Container size="md" pb="xl" px="md">
      <Header session={session} onSignedOut={onSignedOut} />
      <main>
        {route.page === 'card-added' ? <CardSetupReturn navigate={navigate} /> : null}
        {route.page === 'invoice' ? (
          <InvoicePage id={route.id} navigate={navigate} />
        ) : (
          <Tabs value={tab} onChange={setTab} keepMounted={false}>
            <Tabs.List aria-label={t('portal.tabs')} mb="md">
              <Tabs.Tab value="subscriptions">{t('portal.tab.subscriptions')}</Tabs.Tab>
              <Tabs.Tab value="invoices">{t('portal.tab.invoices')}</Tabs.Tab>
              <Tabs.Tab value="cards">{t('portal.tab.cards')}</Tabs.Tab>
              <Tabs.Tab value="details">{t('portal.tab.details')}</Tabs.Tab>
            </Tabs.List>
            <Tabs.Panel value="subscriptions">
              <SubscriptionsSection session={session} />
            </Tabs.Panel>
            <Tabs.Panel value="invoices">
              <InvoicesSection currency={session.organization.currency} navigate={navigate} />
            </Tabs.Panel>
            <Tabs.Panel value="cards">
              <CardsSection session={session} />
            </Tabs.Panel>
            <Tabs.Panel value="details">
              <DetailsSection session={session} />
            </Tabs.Panel>
          </Tabs>
        )}
      </main>
    </Container>
  );
}
