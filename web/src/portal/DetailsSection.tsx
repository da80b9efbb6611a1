import { Alert, Button, Group, Select, SimpleGrid, Stack, Text, TextInput } from '@mantine/core';
import { useQuery, useQueryClient } from '@tanstack/react-query';
import { api, data } from '../api/client.ts';
import { useApiForm } from '../components/useApiForm.ts';
import { notify } from './notify.ts';
import { LANGUAGE_NAMES, PORTAL_LANGUAGES, usePortalT } from './portal-i18n.tsx';
import type { Account, PortalSession } from './portal-types.ts';

const FIELDS = [
  'name',
  'email',
  'invoice_email',
  'phone',
  'legal_address',
  'legal_zipcode',
  'legal_city',
  'vat_number',
  'electronic_address',
  'purchase_order_reference',
] as const;
type Values = Record<(typeof FIELDS)[number], string> & { language: string };

function valuesOf(account: Account): Values {
  const values = Object.fromEntries(
    FIELDS.map((field) => [field, (account[field] as string | null) ?? '']),
  ) as Values;
  values.language = account.language ?? '';
  return values;
}

function DetailsForm({ account, readOnly }: { account: Account; readOnly: boolean }) {
  const t = usePortalT();
  const queryClient = useQueryClient();
  const { form, onSubmit, problem } = useApiForm<Values, Account>(
    valuesOf(account),
    (values) => {
      // Cleared fields are null for the API, never "".
      const body: Record<string, string | null> = Object.fromEntries(
        Object.entries(values).map(([key, value]) => [key, value.trim() === '' ? null : value]),
      );
      // A name cannot be emptied; the language is kept unless one is chosen.
      if (body.language === null) delete body.language;
      return data(api.PATCH('/api/self-service/account', { body: body as never }));
    },
    async () => {
      notify('green', t('details.saved'), t('portal.close'));
      await queryClient.invalidateQueries({ queryKey: ['portal-account'] });
    },
  );
  const input = (field: (typeof FIELDS)[number], label: string) => (
    <TextInput label={label} readOnly={readOnly} {...form.getInputProps(field)} />
  );
  return (
    <form onSubmit={onSubmit} noValidate>
      <Stack>
        {problem ? <Alert color="red">{problem}</Alert> : null}
        <SimpleGrid cols={{ base: 1, sm: 2 }}>
          {input('name', t('details.name'))}
          {input('vat_number', t('details.vatNumber'))}
          {input('email', t('details.email'))}
          {input('invoice_email', t('details.invoiceEmail'))}
          {input('phone', t('details.phone'))}
          <Select
            label={t('details.language')}
            data={PORTAL_LANGUAGES.map((code) => ({ value: code, label: LANGUAGE_NAMES[code] }))}
            readOnly={readOnly}
            {...form.getInputProps('language')}
          />
        </SimpleGrid>
        {input('legal_address', t('details.address'))}
        <SimpleGrid cols={{ base: 1, sm: 2 }}>
          {input('legal_zipcode', t('details.zipcode'))}
          {input('legal_city', t('details.city'))}
        </SimpleGrid>
        <SimpleGrid cols={{ base: 1, sm: 2 }}>
          <TextInput
            label={t('details.electronicAddress')}
            description={t('details.electronicAddressHelp')}
            readOnly={readOnly}
            {...form.getInputProps('electronic_address')}
          />
          {input('purchase_order_reference', t('details.purchaseOrder'))}
        </SimpleGrid>
        {readOnly ? null : (
          <Group justify="flex-end">
            <Button type="submit">{t('details.save')}</Button>
          </Group>
        )}
      </Stack>
    </form>
  );
}

export function DetailsSection({ session }: { session: PortalSession }) {
  const t = usePortalT();
  const account = useQuery({
    queryKey: ['portal-account'],
    queryFn: () => data(api.GET('/api/self-service/account')),
  });
  if (!account.data) return <Text>{t('portal.loading')}</Text>;
  const readOnly = !session.actions.details;
  return (
    <Stack>
      {readOnly ? (
        <Text c="dimmed">{t('details.readOnly', { organization: session.organization.name })}</Text>
      ) : null}
      <DetailsForm account={account.data} readOnly={readOnly} />
    </Stack>
  );
}
