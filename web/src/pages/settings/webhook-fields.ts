import type { FieldSpec, Option } from '../../components/ResourceForm.tsx';

/** A webhook endpoint's form: where, what for, which events (none chosen: every type), on or off. */
export function webhookFields(eventTypes: Option[]): FieldSpec[] {
  return [
    {
      name: 'url',
      label: 'settings.webhooks.url',
      kind: 'text',
      required: true,
      help: 'settings.webhooks.urlHelp',
    },
    { name: 'description', label: 'settings.webhooks.description', kind: 'text', omitEmpty: true },
    {
      name: 'event_types',
      label: 'settings.webhooks.eventTypes',
      kind: 'multiselect',
      options: eventTypes,
      help: 'settings.webhooks.eventTypesHelp',
      placeholder: 'settings.webhooks.allEvents',
    },
    { name: 'enabled', label: 'settings.webhooks.enabled', kind: 'switch' },
  ];
}
