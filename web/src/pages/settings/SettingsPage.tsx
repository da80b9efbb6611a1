import { Tabs } from '@mantine/core';
import { useNavigate, useSearch } from '@tanstack/react-router';
import type { ComponentType } from 'react';
import type { ListSearch } from '../../components/list-search.ts';
import { PageHeader } from '../../components/PageHeader.tsx';
import { type MessageId, useT } from '../../i18n/i18n.tsx';
import { ExchangeRatesSection } from './ExchangeRatesSection.tsx';
import { InvoicingSection } from './InvoicingSection.tsx';
import { OrganizationSection } from './OrganizationSection.tsx';
import { PortalSection } from './PortalSection.tsx';
import { TokensSection } from './TokensSection.tsx';
import { UsersSection } from './UsersSection.tsx';
import { WebhooksSection } from './WebhooksSection.tsx';

/** The parts of Settings, each a tab whose name is kept in the address (`/settings?tab=users`). */
const SECTIONS: { id: string; label: MessageId; component: ComponentType }[] = [
  { id: 'organization', label: 'settings.tab.organization', component: OrganizationSection },
  { id: 'invoicing', label: 'settings.tab.invoicing', component: InvoicingSection },
  { id: 'exchange-rates', label: 'settings.tab.exchangeRates', component: ExchangeRatesSection },
  { id: 'users', label: 'settings.tab.users', component: UsersSection },
  { id: 'tokens', label: 'settings.tab.tokens', component: TokensSection },
  { id: 'webhooks', label: 'settings.tab.webhooks', component: WebhooksSection },
  { id: 'portal', label: 'settings.tab.portal', component: PortalSection },
];

export default function SettingsPage() {
  const t = useT();
  const navigate = useNavigate();
  const search = useSearch({ strict: false }) as ListSearch;
  const section = SECTIONS.find((candidate) => candidate.id === search.tab) ?? SECTIONS[0]!;
  const Section = section.component;
  return (
    <>
      <PageHeader title={t('nav.settings')} />
      <Tabs
        value={section.id}
        onChange={(tab) => void navigate({ to: '/settings', search: { tab: tab ?? undefined } as never })}
        mb="md"
      >
        <Tabs.List>
          {SECTIONS.map((candidate) => (
            <Tabs.Tab key={candidate.id} value={candidate.id}>
              {t(candidate.label)}
            </Tabs.Tab>
          ))}
        </Tabs.List>
      </Tabs>
      <Section />
    </>
  );
}
