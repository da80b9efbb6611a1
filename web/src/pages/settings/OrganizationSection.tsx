import { SimpleGrid } from '@mantine/core';
import { Detail } from '../../components/Detail.tsx';
import type { FieldSpec } from '../../components/ResourceForm.tsx';
import { LOCALES } from '../../format.ts';
import { useLanguage, useT } from '../../i18n/i18n.tsx';
import { OrganizationForm } from './OrganizationForm.tsx';

const TIME_ZONES = Intl.supportedValuesOf('timeZone').map((zone) => ({ value: zone, label: zone }));

/** The organization and the seller's details that documents and e-invoices print. */
export function OrganizationSection() {
  const t = useT();
  const { language } = useLanguage();
  const fields: FieldSpec[] = [
    { name: 'name', label: 'settings.org.name', kind: 'text', required: true },
    { name: 'timezone', label: 'settings.org.timezone', kind: 'select', options: TIME_ZONES, required: true },
    {
      name: 'legal_address',
      label: 'settings.org.legalAddress',
      kind: 'textarea',
      help: 'settings.org.legalAddressHelp',
    },
    { name: 'organization_number', label: 'settings.org.organizationNumber', kind: 'text' },
    { name: 'vat_number', label: 'settings.org.vatNumber', kind: 'text' },
    { name: 'email', label: 'settings.org.email', kind: 'text', help: 'settings.org.emailHelp' },
    { name: 'phone', label: 'settings.org.phone', kind: 'text' },
    { name: 'pay_to', label: 'settings.org.payTo', kind: 'text', help: 'settings.org.payToHelp' },
    {
      name: 'electronic_address',
      label: 'settings.org.electronicAddress',
      kind: 'text',
      help: 'settings.org.electronicAddressHelp',
    },
    {
      name: 'order_approval_required',
      label: 'settings.org.orderApproval',
      kind: 'switch',
      help: 'settings.org.orderApprovalHelp',
    },
  ];
  return (
    <OrganizationForm
      title={t('settings.org.title')}
      intro={t('settings.org.intro')}
      fields={fields}
      before={(organization) => (
        <SimpleGrid cols={{ base: 2, sm: 4 }}>
          <Detail label={t('settings.org.slug')} value={organization.slug} />
          <Detail
            label={t('settings.org.country')}
            value={new Intl.DisplayNames([LOCALES[language]], { type: 'region' }).of(organization.country)}
          />
          <Detail label={t('settings.org.currency')} value={organization.currency} />
        </SimpleGrid>
      )}
    />
  );
}
