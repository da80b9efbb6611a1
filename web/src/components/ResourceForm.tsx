import {
  Button,
  ColorInput,
  Group,
  MultiSelect,
  NumberInput,
  Select,
  SimpleGrid,
  Stack,
  Switch,
  Textarea,
  TextInput,
} from '@mantine/core';
import type { ReactNode } from 'react';
import { type MessageId, useT } from '../i18n/i18n.tsx';
import { FormProblem } from './FormProblem.tsx';
import { useApiForm } from './useApiForm.ts';

export interface Option {
  value: string;
  label: string;
}

/** One field of a form made from a description (the catalog's resources are alike). */
export interface FieldSpec {
  name: string;
  label: MessageId;
  kind:
    | 'text'
    | 'textarea'
    | 'decimal'
    | 'integer'
    | 'select'
    | 'multiselect'
    | 'switch'
    | 'rates'
    | 'colour';
  required?: boolean;
  options?: Option[];
  help?: MessageId;
  /** Shown in the empty field: what leaving it empty means ("All events"). */
  placeholder?: MessageId;
  /** Set when created, never changed (the API refuses it): shown, not editable, on an edit. */
  immutable?: boolean;
  /** Left out of the body when empty, for fields the API takes but never as null (currency). */
  omitEmpty?: boolean;
  /** Shown only when the other values make it matter (a metered component's aggregation). */
  when?: (values: FormValues) => boolean;
}

export type FormValues = Record<string, unknown>;

/** The request body of the form's values: cleared fields null (or left out), numbers as numbers. */
export function bodyOf(fields: FieldSpec[], values: FormValues, editing: boolean): FormValues {
  const body: FormValues = {};
  for (const field of fields) {
    if (field.when && !field.when(values)) continue;
    if (editing && field.immutable) continue;
    const value = values[field.name];
    const empty =
      value === '' || value === null || value === undefined || (Array.isArray(value) && value.length === 0);
    if (empty) {
      if (!field.omitEmpty && !field.required) body[field.name] = null;
      else if (field.required) body[field.name] = field.kind === 'integer' ? null : '';
      continue;
    }
    body[field.name] =
      field.kind === 'rates' ? ratesOf(String(value)) : typeof value === 'string' ? value.trim() : value;
  }
  return body;
}

/** VAT rates by country as a person types them, one a line: "DK 25", "SE: 25.00". */
export function ratesOf(text: string): Record<string, string> {
  const rates: Record<string, string> = {};
  for (const line of text.split(/[\n,;]+/)) {
    const match = /^\s*([A-Za-z]{2})\s*[:=]?\s*([0-9]+(?:[.,][0-9]+)?)\s*%?\s*$/.exec(line);
    if (match?.[1] && match[2]) rates[match[1].toUpperCase()] = match[2].replace(',', '.');
    else if (line.trim()) rates[line.trim()] = '';
  }
  return rates;
}

export function ratesText(rates: Record<string, string>): string {
  return Object.entries(rates)
    .map(([country, rate]) => `${country} ${rate}`)
    .join('\n');
}

export function initialValuesOf(
  fields: FieldSpec[],
  item?: FormValues,
  defaults: FormValues = {},
): FormValues {
  const values: FormValues = {};
  for (const field of fields) {
    const given = item?.[field.name] ?? defaults[field.name];
    if (field.kind === 'rates') {
      values[field.name] = given ? ratesText(given as Record<string, string>) : '';
      continue;
    }
    values[field.name] =
      given ??
      (field.kind === 'switch'
        ? false
        : field.kind === 'multiselect'
          ? []
          : field.kind === 'integer'
            ? ''
            : '');
  }
  return values;
}

export function ResourceForm<R>({
  fields,
  item,
  defaults,
  save,
  onSaved,
  onCancel,
  extra,
  readOnly = false,
}: {
  fields: FieldSpec[];
  item?: FormValues;
  defaults?: FormValues;
  save: (body: FormValues) => Promise<R>;
  onSaved: (saved: R) => void | Promise<void>;
  /** Where the form is a dialog: its Cancel button. A form on a page has none. */
  onCancel?: () => void;
  extra?: ReactNode;
  /** For a person who may only read (a viewer): the values, no Save. */
  readOnly?: boolean;
}) {
  const t = useT();
  const editing = Boolean(item);
  const { form, onSubmit, problem } = useApiForm(
    initialValuesOf(fields, item, defaults),
    (values) => save(bodyOf(fields, values, editing)),
    onSaved,
  );
  return (
    <form onSubmit={onSubmit} noValidate>
      <Stack>
        <FormProblem problem={problem} />
        <SimpleGrid cols={{ base: 1, sm: 2 }}>
          {fields
            .filter((field) => !field.when || field.when(form.values))
            .map((field) => {
              const common = {
                label: t(field.label),
                description: field.help ? t(field.help) : undefined,
                placeholder: field.placeholder ? t(field.placeholder) : undefined,
                required: field.required,
                // A reader's fields stay readable (read-only, not greyed out); a switch cannot be read-only.
                disabled: (readOnly && field.kind === 'switch') || (editing && field.immutable),
                readOnly,
                ...form.getInputProps(field.name, { type: field.kind === 'switch' ? 'checkbox' : 'input' }),
              };
              switch (field.kind) {
                case 'rates':
                case 'textarea':
                  return <Textarea key={field.name} {...common} rows={2} />;
                case 'integer':
                  return <NumberInput key={field.name} {...common} allowDecimal={false} min={0} />;
                case 'decimal':
                  return <TextInput key={field.name} {...common} inputMode="decimal" />;
                case 'select':
                  return (
                    <Select
                      key={field.name}
                      {...common}
                      data={field.options ?? []}
                      searchable
                      clearable={!field.required}
                      allowDeselect={!field.required}
                    />
                  );
                case 'multiselect':
                  return (
                    <MultiSelect
                      key={field.name}
                      {...common}
                      data={field.options ?? []}
                      searchable
                      clearable
                    />
                  );
                case 'switch':
                  return <Switch key={field.name} {...common} mt="lg" />;
                case 'colour':
                  return <ColorInput key={field.name} {...common} format="hex" withEyeDropper={false} />;
                default:
                  return <TextInput key={field.name} {...common} />;
              }
            })}
        </SimpleGrid>
        {extra}
        {!readOnly && (
          <Group justify="flex-end">
            {onCancel && (
              <Button variant="default" onClick={onCancel}>
                {t('common.cancel')}
              </Button>
            )}
            <Button type="submit" loading={form.submitting}>
              {t('common.save')}
            </Button>
          </Group>
        )}
      </Stack>
    </form>
  );
}
