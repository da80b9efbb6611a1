import type { FieldSpec, FormValues } from '../../components/ResourceForm.tsx';
import { useT } from '../../i18n/i18n.tsx';
import { OrganizationForm } from './OrganizationForm.tsx';

const SCHEMES = ['se_ocr', 'dk_fik71', 'no_kid_mod10', 'no_kid_mod11', 'fi_reference', 'rf'] as const;

/** "3, 7, 14" as the API's [3, 7, 14]; what is not a number goes as it is, for the API to name. */
export function dunningDaysOf(text: unknown): unknown[] {
  return String(text ?? '')
    .split(/[\s,;]+/)
    .filter(Boolean)
    .map((part) => (/^\d+$/.test(part) ? Number(part) : part));
}

/** Numbering, payment terms, references, sending and the dunning schedule. */
export function InvoicingSection() {
  const t = useT();
  const fields: FieldSpec[] = [
    {
      name: 'invoice_number_format',
      label: 'settings.inv.invoiceNumberFormat',
      kind: 'text',
      required: true,
      help: 'settings.inv.numberFormatHelp',
    },
    {
      name: 'credit_note_number_format',
      label: 'settings.inv.creditNoteNumberFormat',
      kind: 'text',
      required: true,
      help: 'settings.inv.numberFormatHelp',
    },
    {
      name: 'payment_terms_days',
      label: 'settings.inv.paymentTermsDays',
      kind: 'integer',
      required: true,
      help: 'settings.inv.paymentTermsHelp',
    },
    {
      name: 'payment_reference_scheme',
      label: 'settings.inv.referenceScheme',
      kind: 'select',
      required: true,
      options: SCHEMES.map((value) => ({ value, label: t(`settings.inv.scheme.${value}`) })),
    },
    {
      name: 'send_drafts',
      label: 'settings.inv.sendDrafts',
      kind: 'select',
      required: true,
      options: [
        { value: 'review', label: t('settings.inv.sendDrafts.review') },
        { value: 'automatic', label: t('settings.inv.sendDrafts.automatic') },
      ],
    },
    {
      name: 'dunning_days',
      label: 'settings.inv.dunningDays',
      kind: 'text',
      help: 'settings.inv.dunningDaysHelp',
    },
    {
      name: 'dunning_final_action',
      label: 'settings.inv.dunningFinalAction',
      kind: 'select',
      required: true,
      options: [
        { value: 'none', label: t('settings.inv.dunningFinal.none') },
        { value: 'end_subscription', label: t('settings.inv.dunningFinal.end_subscription') },
      ],
    },
    {
      name: 'eu_supplies',
      label: 'settings.inv.euSupplies',
      kind: 'select',
      required: true,
      help: 'settings.inv.euSuppliesHelp',
      options: [
        { value: 'services', label: t('settings.inv.euSupplies.services') },
        { value: 'goods', label: t('settings.inv.euSupplies.goods') },
      ],
    },
    {
      name: 'vat_exemption_reason',
      label: 'settings.inv.vatExemptionReason',
      kind: 'textarea',
      help: 'settings.inv.vatExemptionReasonHelp',
    },
    {
      name: 'vat_exemption_code',
      label: 'settings.inv.vatExemptionCode',
      kind: 'text',
      help: 'settings.inv.vatExemptionCodeHelp',
    },
  ];
  return (
    <OrganizationForm
      title={t('settings.inv.title')}
      intro={t('settings.inv.intro')}
      fields={fields}
      fromItem={(organization) => ({ ...organization, dunning_days: organization.dunning_days.join(', ') })}
      toBody={(body: FormValues) => ({ ...body, dunning_days: dunningDaysOf(body.dunning_days) })}
    />
  );
}
