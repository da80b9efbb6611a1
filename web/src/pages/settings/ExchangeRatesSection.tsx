import { Button, Group, Modal, Stack, Text, TextInput } from '@mantine/core';
import { DatePickerInput } from '@mantine/dates';
import { modals } from '@mantine/modals';
import { notifications } from '@mantine/notifications';
import { useQuery, useQueryClient } from '@tanstack/react-query';
import { useState } from 'react';
import { api, data, type Schemas } from '../../api/client.ts';
import { refreshData, useCanWrite } from '../../api/session.ts';
import { type Column, DataTable } from '../../components/DataTable.tsx';
import { FormProblem } from '../../components/FormProblem.tsx';
import { orderingOf } from '../../components/list-search.ts';
import { useApiForm } from '../../components/useApiForm.ts';
import { useLocalSearch } from '../../components/useListSearch.ts';
import { formatDate, formatDateTime, formatDecimal } from '../../format.ts';
import { useLanguage, useT } from '../../i18n/i18n.tsx';
import { organizationQuery } from './OrganizationForm.tsx';
import { SectionTitle } from './SectionTitle.tsx';

type Rate = Schemas['ExchangeRate'];

interface Values extends Record<string, unknown> {
  currency: string;
  valid_from: string | null;
  rate: string;
}

/**
 * The organization's exchange rates (`/api/v1/exchange-rates/`): what one unit of another currency is
 * worth in the organization's own from a day on; the overview and the dashboard add currencies up with
 * them. Members and owners add (or replace) and delete rates; viewers read them.
 */
export function ExchangeRatesSection() {
  const t = useT();
  const { language } = useLanguage();
  const canWrite = useCanWrite();
  const client = useQueryClient();
  const organization = useQuery(organizationQuery).data;
  const own = organization?.currency ?? '';
  const [search, setSearch] = useLocalSearch();
  const [adding, setAdding] = useState(false);
  const refresh = () => refreshData(client);
  const remove = (row: Rate) =>
    modals.openConfirmModal({
      title: t('settings.rates.delete'),
      children: (
        <Text size="sm">
          {t('settings.rates.deleteConfirm', {
            currency: row.currency,
            date: formatDate(row.valid_from, language),
          })}
        </Text>
      ),
      labels: { confirm: t('settings.rates.delete'), cancel: t('common.cancel') },
      confirmProps: { color: 'red' },
      onConfirm: async () => {
        try {
          await data(
            api.DELETE('/api/v1/exchange-rates/{currency}/{valid_from}', {
              params: { path: { currency: row.currency, valid_from: row.valid_from } },
            }),
          );
          notifications.show({ color: 'green', message: t('settings.rates.deleted') });
          await refresh();
        } catch (error) {
          notifications.show({ color: 'red', message: (error as Error).message });
        }
      },
    });
  const columns: Column<Rate>[] = [
    { key: 'currency', header: t('settings.rates.currency'), cell: (row) => row.currency, sort: 'currency' },
    {
      key: 'valid_from',
      header: t('settings.rates.validFrom'),
      cell: (row) => formatDate(row.valid_from, language),
      sort: 'valid_from',
    },
    {
      key: 'rate',
      header: t('settings.rates.rateIn', { currency: own }),
      cell: (row) => formatDecimal(row.rate, language),
      numeric: true,
    },
    {
      key: 'updated',
      header: t('settings.rates.updated'),
      cell: (row) => formatDateTime(row.updated_at, language),
      wide: true,
    },
    ...(canWrite
      ? [
          {
            key: 'delete',
            header: '',
            numeric: true,
            cell: (row: Rate) => (
              <Button
                size="compact-sm"
                variant="subtle"
                color="red"
                onClick={() => remove(row)}
                aria-label={`${t('settings.rates.delete')} ${row.currency} ${formatDate(row.valid_from, language)}`}
              >
                {t('settings.rates.delete')}
              </Button>
            ),
          },
        ]
      : []),
  ];
  return (
    <div>
      <SectionTitle title={t('settings.rates.title')} intro={t('settings.rates.intro', { currency: own })}>
        {canWrite && <Button onClick={() => setAdding(true)}>{t('settings.rates.new')}</Button>}
      </SectionTitle>
      <DataTable<Rate>
        queryKey={['exchange-rates']}
        search={search}
        onSearch={setSearch}
        load={(s) =>
          data(
            api.GET('/api/v1/exchange-rates', {
              params: {
                query: {
                  ...(s.cursor ? { cursor: s.cursor } : {}),
                  ...(s.ordering ? orderingOf(s) : { ordering: '-valid_from' as const }),
                },
              },
            }),
          )
        }
        columns={columns}
        rowKey={(row) => row.uuid}
        empty={t('settings.rates.empty', { currency: own })}
      />
      {adding && (
        <Modal
          opened
          onClose={() => setAdding(false)}
          title={t('settings.rates.new')}
          closeButtonProps={{ 'aria-label': t('common.close') }}
        >
          <RateForm
            own={own}
            onSaved={async () => {
              setAdding(false);
              notifications.show({ color: 'green', message: t('settings.rates.saved') });
              await refresh();
            }}
            onCancel={() => setAdding(false)}
          />
        </Modal>
      )}
    </div>
  );
}

/** A rate from a day: PUT, so the same currency and day again replaces that day's rate. */
function RateForm(props: { own: string; onSaved: () => Promise<void>; onCancel: () => void }) {
  const t = useT();
  const { form, onSubmit, problem } = useApiForm<Values, Rate>(
    { currency: '', valid_from: null, rate: '' },
    (values) =>
      data(
        api.PUT('/api/v1/exchange-rates/{currency}/{valid_from}', {
          params: {
            path: { currency: values.currency.trim().toUpperCase(), valid_from: values.valid_from ?? '' },
          },
          // A decimal comma as a Danish, Swedish or German reader types it.
          body: { rate: values.rate.trim().replace(',', '.') },
        }),
      ),
    props.onSaved,
  );
  const submit = (event: React.FormEvent<HTMLFormElement>) => {
    event.preventDefault();
    // The path needs both: an empty one would name no rate, so it is asked for here.
    const missing = Object.fromEntries(
      (['currency', 'valid_from'] as const)
        .filter((name) => !String(form.values[name] ?? '').trim())
        .map((name) => [name, t('settings.rates.required')]),
    );
    if (Object.keys(missing).length > 0) form.setErrors(missing);
    else onSubmit();
  };
  return (
    <form onSubmit={submit} noValidate>
      <Stack>
        <FormProblem problem={problem} />
        <TextInput
          label={t('settings.rates.currency')}
          description={t('settings.rates.currencyHelp', { currency: props.own })}
          required
          maxLength={3}
          autoComplete="off"
          {...form.getInputProps('currency')}
        />
        <DatePickerInput
          label={t('settings.rates.validFrom')}
          description={t('settings.rates.validFromHelp')}
          required
          valueFormat="D MMM YYYY"
          {...form.getInputProps('valid_from')}
        />
        <TextInput
          label={t('settings.rates.rate')}
          description={t('settings.rates.rateHelp', { currency: props.own })}
          required
          inputMode="decimal"
          autoComplete="off"
          {...form.getInputProps('rate')}
        />
        <Group justify="flex-end">
          <Button variant="default" onClick={props.onCancel}>
            {t('common.cancel')}
          </Button>
          <Button type="submit" loading={form.submitting}>
            {t('common.save')}
          </Button>
        </Group>
      </Stack>
    </form>
  );
}
