import { Badge, Button, Card, Group, Modal, Select, Stack, Text, Title } from '@mantine/core';
import { modals } from '@mantine/modals';
import { notifications } from '@mantine/notifications';
import { useQuery, useQueryClient } from '@tanstack/react-query';
import { useNavigate } from '@tanstack/react-router';
import { useState } from 'react';
import { ApiError, api, data, type Schemas } from '../../api/client.ts';
import { useCanWrite } from '../../api/session.ts';
import { AccountName } from '../../components/AccountName.tsx';
import { type Column, DataTable } from '../../components/DataTable.tsx';
import type { FilteredSearch } from '../../components/list-search.ts';
import { PageHeader } from '../../components/PageHeader.tsx';
import { usePlanTermsOptions } from '../../components/pickers.tsx';
import { type FieldSpec, type FormValues, ResourceForm } from '../../components/ResourceForm.tsx';
import { StatusBadge } from '../../components/StatusBadge.tsx';
import { useAddressSearch } from '../../components/useListSearch.ts';
import { formatDateTime, formatMoney } from '../../format.ts';
import { useLanguage, useT } from '../../i18n/i18n.tsx';
import { useCatalogChoices } from '../catalog/CatalogPage.tsx';

type Settings = Schemas['PartnerSettings'];
type PartnerOrder = Schemas['PartnerOrder'];
type Option = { value: string; label: string };

export function usePartnerSettings() {
  return useQuery({
    queryKey: ['partner-settings'],
    queryFn: () => data(api.GET('/api/v1/partner-settings')),
  });
}

/** Names of plan terms and business units by uuid, for lists that carry uuids. */
export function usePartnerNames() {
  const products = usePlanTermsOptions();
  const { businessUnits } = useCatalogChoices();
  const name = (options: Option[]) => {
    const byId = new Map(options.map((option) => [option.value, option.label]));
    return (id: string) => byId.get(id) ?? id;
  };
  return { products, businessUnits, product: name(products), unit: name(businessUnits) };
}

function settingsFields(products: Option[], units: Option[]): FieldSpec[] {
  return [
    {
      name: 'origin',
      label: 'partners.origin',
      kind: 'text',
      required: true,
      immutable: true,
      help: 'partners.originHelp',
    },
    { name: 'mark', label: 'partners.mark', kind: 'text', help: 'partners.markHelp' },
    { name: 'products', label: 'partners.products', kind: 'multiselect', required: true, options: products },
    {
      name: 'business_units',
      label: 'catalog.businessUnits',
      kind: 'multiselect',
      options: units,
      help: 'catalog.businessUnitsHelp',
    },
    {
      name: 'payment_terms_days',
      label: 'account.paymentTerms',
      kind: 'integer',
      help: 'account.paymentTermsHelp',
    },
    { name: 'confirmation_email', label: 'partners.confirmationEmail', kind: 'switch' },
  ];
}

/** The API names a bad origin in the path (`params.origin`): put it on the form's field. */
function onOriginField(error: unknown): never {
  if (error instanceof ApiError)
    error.problem.errors = error.problem.errors?.map((entry) =>
      entry.field === 'params.origin' ? { ...entry, field: 'origin' } : entry,
    );
  throw error;
}

function SettingsModal({ item, onClose }: { item: Settings | null; onClose: () => void }) {
  const t = useT();
  const client = useQueryClient();
  const names = usePartnerNames();
  const save = async (body: FormValues) => {
    const { origin, ...rest } = body;
    const path = item?.origin ?? (String(origin ?? '').trim() || ' ');
    return data(
      api.PUT('/api/v1/partner-settings/{origin}', {
        params: { path: { origin: path } },
        body: rest as Schemas['PartnerSettings'] & { products: string[] },
      }),
    ).catch(onOriginField);
  };
  return (
    <Modal
      closeButtonProps={{ 'aria-label': t('common.close') }}
      opened
      onClose={onClose}
      title={item ? item.origin : t('partners.new')}
      size="lg"
    >
      <ResourceForm
        fields={settingsFields(names.products, names.businessUnits)}
        item={item ?? undefined}
        save={save}
        onSaved={async () => {
          notifications.show({ color: 'green', message: t('common.saved') });
          await client.invalidateQueries({ queryKey: ['partner-settings'] });
          onClose();
        }}
        onCancel={onClose}
      />
    </Modal>
  );
}

/** What each partner may sell, and where: one card per partner (origin). */
function PartnerSettingsList() {
  const t = useT();
  const canWrite = useCanWrite();
  const client = useQueryClient();
  const settings = usePartnerSettings();
  const names = usePartnerNames();
  const [editing, setEditing] = useState<Settings | 'new' | null>(null);
  const remove = (item: Settings) =>
    modals.openConfirmModal({
      title: t('partners.remove'),
      children: <Text size="sm">{t('partners.removeConfirm', { origin: item.origin })}</Text>,
      labels: { confirm: t('partners.remove'), cancel: t('common.cancel') },
      confirmProps: { color: 'red' },
      onConfirm: async () => {
        try {
          await data(
            api.DELETE('/api/v1/partner-settings/{origin}', { params: { path: { origin: item.origin } } }),
          );
          await client.invalidateQueries({ queryKey: ['partner-settings'] });
          notifications.show({ color: 'green', message: t('partners.removed') });
        } catch (error) {
          notifications.show({ color: 'red', message: (error as Error).message });
        }
      },
    });
  const results = settings.data?.results ?? [];
  return (
    <Stack>
      <Group justify="space-between">
        <Title order={2} size="h4">
          {t('partners.settings')}
        </Title>
        {canWrite && <Button onClick={() => setEditing('new')}>{t('partners.new')}</Button>}
      </Group>
      {settings.data && results.length === 0 && <Text>{t('partners.none')}</Text>}
      {results.map((item) => (
        <Card withBorder radius="md" key={item.uuid} data-testid={`partner-${item.origin}`}>
          <Group justify="space-between" align="flex-start">
            <Stack gap={4}>
              <Group gap="xs">
                <Title order={3} size="h5">
                  {item.origin}
                </Title>
                {item.mark && <Badge variant="outline">{item.mark}</Badge>}
                {item.confirmation_email && <Badge variant="light">{t('partners.confirmationEmail')}</Badge>}
              </Group>
              <Text size="sm">
                <b>{t('partners.products')}:</b> {item.products.map(names.product).join('; ') || '—'}
              </Text>
              <Text size="sm">
                <b>{t('catalog.businessUnits')}:</b>{' '}
                {item.business_units
                  ? item.business_units.map(names.unit).join('; ')
                  : t('partners.everywhere')}
              </Text>
              <Text size="sm">
                <b>{t('account.paymentTerms')}:</b>{' '}
                {item.payment_terms_days ?? t('partners.organizationTerms')}
              </Text>
            </Stack>
            {canWrite && (
              <Group gap="xs">
                <Button variant="default" size="xs" onClick={() => setEditing(item)}>
                  {t('common.edit')}
                </Button>
                <Button variant="light" color="red" size="xs" onClick={() => remove(item)}>
                  {t('partners.remove')}
                </Button>
              </Group>
            )}
          </Group>
        </Card>
      ))}
      {editing && (
        <SettingsModal item={editing === 'new' ? null : editing} onClose={() => setEditing(null)} />
      )}
    </Stack>
  );
}

/** The orders partners made, newest first, by partner. */
function PartnerOrders() {
  const t = useT();
  const { language } = useLanguage();
  const navigate = useNavigate();
  const [address, setAddress] = useAddressSearch();
  const search = address as FilteredSearch<'origin'>;
  const settings = usePartnerSettings();
  const columns: Column<PartnerOrder>[] = [
    { key: 'number', header: t('partners.orderNumber'), cell: (row) => row.number },
    {
      key: 'created',
      header: t('common.created'),
      cell: (row) => formatDateTime(row.created_date, language),
      wide: true,
    },
    { key: 'origin', header: t('partners.origin'), cell: (row) => row.origin, wide: true },
    {
      key: 'account',
      header: t('order.account'),
      cell: (row) => <AccountName id={row.account} />,
      wide: true,
    },
    { key: 'invoice', header: t('partners.invoice'), cell: (row) => row.invoice.number },
    { key: 'status', header: t('common.status'), cell: (row) => <StatusBadge status={row.invoice.status} /> },
    {
      key: 'total',
      header: t('invoice.total'),
      cell: (row) => formatMoney(row.invoice.total, row.invoice.currency, language),
      numeric: true,
    },
  ];
  return (
    <Stack>
      <Group justify="space-between" align="flex-end">
        <Title order={2} size="h4">
          {t('partners.orders')}
        </Title>
        <Select
          label={t('partners.origin')}
          data={(settings.data?.results ?? []).map((item) => item.origin)}
          value={search.origin ?? null}
          onChange={(origin) =>
            setAddress({ ...search, origin: origin ?? undefined, cursor: undefined } as never)
          }
          clearable
          placeholder={t('list.all')}
          w={200}
        />
      </Group>
      <DataTable
        queryKey={['partner-orders']}
        search={search}
        onSearch={(next) => setAddress({ ...search, ...next })}
        load={(s) =>
          data(
            api.GET('/api/v1/partner-orders', {
              params: {
                query: {
                  ...(search.origin ? { origin: search.origin } : {}),
                  ...(s.cursor ? { cursor: s.cursor } : {}),
                },
              },
            }),
          )
        }
        columns={columns}
        rowKey={(row) => row.uuid}
        onOpen={(row) => navigate({ to: '/partners/orders/$number', params: { number: row.number } })}
        empty={t('partners.noOrders')}
      />
    </Stack>
  );
}

export default function PartnersPage() {
  const t = useT();
  return (
    <Stack gap="xl">
      <PageHeader title={t('nav.partners')} />
      <PartnerSettingsList />
      <PartnerOrders />
    </Stack>
  );
}
