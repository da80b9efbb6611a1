import type { FieldSpec, FormValues } from '../../components/ResourceForm.tsx';
import { useT } from '../../i18n/i18n.tsx';
import { OrganizationForm } from './OrganizationForm.tsx';

/** The origins as typed, one a line (or separated by commas or spaces); empty: none. */
export function originsOf(text: unknown): string[] {
  return String(text ?? '')
    .split(/[\s,;]+/)
    .filter(Boolean);
}

/** The self-service portal: its look, and what customers may do there. */
export function PortalSection() {
  const t = useT();
  const fields: FieldSpec[] = [
    {
      name: 'portal_logo_url',
      label: 'settings.portal.logoUrl',
      kind: 'text',
      help: 'settings.portal.logoUrlHelp',
    },
    {
      name: 'portal_colour',
      label: 'settings.portal.colour',
      kind: 'colour',
      help: 'settings.portal.colourHelp',
    },
    { name: 'portal_cards', label: 'settings.portal.cards', kind: 'switch' },
    { name: 'portal_details', label: 'settings.portal.details', kind: 'switch' },
    { name: 'portal_plan_change', label: 'settings.portal.planChange', kind: 'switch' },
    { name: 'portal_cancel', label: 'settings.portal.cancel', kind: 'switch' },
    {
      name: 'self_service_origins',
      label: 'settings.portal.origins',
      kind: 'textarea',
      help: 'settings.portal.originsHelp',
    },
  ];
  return (
    <OrganizationForm
      title={t('settings.portal.title')}
      intro={t('settings.portal.intro')}
      fields={fields}
      fromItem={(organization) => ({
        ...organization,
        self_service_origins: organization.self_service_origins.join('\n'),
      })}
      toBody={(body: FormValues) => ({ ...body, self_service_origins: originsOf(body.self_service_origins) })}
    />
  );
}
