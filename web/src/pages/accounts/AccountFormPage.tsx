import {
  Button,
  Group,
  NumberInput,
  Paper,
  SegmentedControl,
  Select,
  SimpleGrid,
  Stack,
  Textarea,
  TextInput,
} from '@mantine/core';
import { notifications } from '@mantine/notifications';
import { useQuery, useQueryClient } from '@tanstack/react-query';
import { useNavigate, useParams } from '@tanstack/react-router';
import { api, data, type Schemas } from '../../api/client.ts';
import { countryOptions, currencyOptions } from '../../components/choices.ts';
import { FormProblem } from '../../components/FormProblem.tsx';
import { PageHeader } from '../../components/PageHeader.tsx';
import { useApiForm } from '../../components/useApiForm.ts';
import { LANGUAGES, useLanguage, useT } from '../../i18n/i18n.tsx';
import { LANGUAGE_NAMES } from '../../layout/LanguageMenu.tsx';

type Account = Schemas['Account'];

export interface AccountValues extends Record<string, unknown> {
  code: string;
  name: string;
  email: string;
  type: 'company' | 'person';
  legal_address: string;
  legal_zipcode: string;
  legal_city: string;
  legal_country: string;
  vat_number: string;
  national_id: string;
  language: 'da' | 'sv' | 'de' | 'en';
  currency: string;
  phone: string;
  invoice_email: string;
  payment_terms_days: number | '';
  send_drafts: '' | 'review' | 'automatic';
}

export function accountValues(account?: Account): AccountValues {
  return {
    code: account?.code ?? '',
    name: account?.name ?? '',
    email: account?.email ?? '',
    type: account?.type ?? 'company',
    legal_address: account?.legal_address ?? '',
    legal_zipcode: account?.legal_zipcode ?? '',
    legal_city: account?.legal_city ?? '',
    legal_country: account?.legal_country ?? '',
    vat_number: account?.vat_number ?? '',
    national_id: account?.national_id ?? '',
    language: account?.language ?? 'en',
    currency: account?.currency ?? '',
    phone: account?.phone ?? '',
    invoice_email: account?.invoice_email ?? '',
    payment_terms_days: account?.payment_terms_days ?? '',
    send_drafts: account?.send_drafts ?? '',
  };
}

/** What the API is sent: cleared optional fields are null; country and currency left out when not chosen. */
export function accountBody(values: AccountValues) {
  const text = (value: string) => (value.trim() === '' ? null : value.trim());
  return {
    code: values.code.trim(),
    name: values.name.trim(),
    email: values.email.trim(),
    type: values.type,
    legal_address: text(values.legal_address),
    legal_zipcode: text(values.legal_zipcode),
    legal_city: text(values.legal_city),
    ...(values.legal_country ? { legal_country: values.legal_country } : {}),
    vat_number: text(values.vat_number),
    national_id: text(values.national_id),
    language: values.language,
    ...(values.currency ? { currency: values.currency } : {}),
    phone: text(values.phone),
    invoice_email: text(values.invoice_email),
    payment_terms_days: values.payment_terms_days === '' ? null : values.payment_terms_days,
    send_drafts: values.send_drafts === '' ? null : values.send_drafts,
  };
}

export function AccountForm({
  account,
  onSaved,
  onCancel,
}: {
  account?: Account;
  onSaved: (account: Account) => void | Promise<void>;
  onCancel: () => void;
}) {
  const t = useT();
  const { language } = useLanguage();
  const { form, onSubmit, problem } = useApiForm(
    accountValues(account),
    (values) =>
      account
        ? data(
            api.PATCH('/api/v1/accounts/{id}', {
              params: { path: { id: account.uuid } },
              body: accountBody(values),
            }),
          )
        : data(api.POST('/api/v1/accounts', { body: accountBody(values) })),
    onSaved,
  );
  return (
    <form onSubmit={onSubmit} noValidate aria-label={account ? t('accounts.edit') : t('accounts.new')}>
      <Stack>
        <FormProblem problem={problem} />
        <SegmentedControl
          aria-label={t('account.type')}
          data={[
            { value: 'company', label: t('account.type.company') },
            { value: 'person', label: t('account.type.person') },
          ]}
          {...form.getInputProps('type')}
          style={{ alignSelf: 'flex-start' }}
        />
        <SimpleGrid cols={{ base: 1, sm: 2 }}>
          <TextInput
            label={t('account.code')}
            required
            disabled={Boolean(account)}
            {...form.getInputProps('code')}
          />
          <TextInput label={t('account.name')} required {...form.getInputProps('name')} />
          <TextInput label={t('account.email')} type="email" required {...form.getInputProps('email')} />
          <TextInput
            label={t('account.invoiceEmail')}
            type="email"
            {...form.getInputProps('invoice_email')}
          />
          <TextInput label={t('account.phone')} type="tel" {...form.getInputProps('phone')} />
          <TextInput
            label={form.values.type === 'person' ? t('account.nationalId') : t('account.companyId')}
            description={t('account.nationalIdHelp')}
            {...form.getInputProps('national_id')}
          />
        </SimpleGrid>
        <Textarea label={t('account.address')} rows={2} {...form.getInputProps('legal_address')} />
        <SimpleGrid cols={{ base: 1, sm: 3 }}>
          <TextInput label={t('account.zipcode')} {...form.getInputProps('legal_zipcode')} />
          <TextInput label={t('account.city')} {...form.getInputProps('legal_city')} />
          <Select
            label={t('account.country')}
            data={countryOptions(language)}
            searchable
            clearable
            {...form.getInputProps('legal_country')}
          />
        </SimpleGrid>
        <SimpleGrid cols={{ base: 1, sm: 2 }}>
          <TextInput label={t('account.vatNumber')} {...form.getInputProps('vat_number')} />
          <Select
            label={t('account.currency')}
            data={currencyOptions(language, account?.currency)}
            clearable
            {...form.getInputProps('currency')}
          />
          <Select
            label={t('account.language')}
            data={LANGUAGES.map((value) => ({ value, label: LANGUAGE_NAMES[value] }))}
            allowDeselect={false}
            {...form.getInputProps('language')}
          />
          <NumberInput
            label={t('account.paymentTerms')}
            description={t('account.paymentTermsHelp')}
            min={0}
            max={365}
            allowDecimal={false}
            {...form.getInputProps('payment_terms_days')}
          />
          <Select
            label={t('account.sendDrafts')}
            data={[
              { value: '', label: t('account.sendDrafts.default') },
              { value: 'review', label: t('account.sendDrafts.review') },
              { value: 'automatic', label: t('account.sendDrafts.automatic') },
            ]}
            allowDeselect={false}
            {...form.getInputProps('send_drafts')}
          />
        </SimpleGrid>
        <Group justify="flex-end">
          <Button variant="default" onClick={onCancel}>
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

export default function AccountFormPage() {
  const t = useT();
  const navigate = useNavigate();
  const client = useQueryClient();
  const { accountId } = useParams({ strict: false }) as { accountId?: string };
  const existing = useQuery({
    queryKey: ['account', accountId],
    queryFn: () => data(api.GET('/api/v1/accounts/{id}', { params: { path: { id: accountId ?? '' } } })),
    enabled: Boolean(accountId),
    throwOnError: true,
  });
  if (accountId && !existing.data) return null;
  const account = existing.data;
  return (
    <>
      <PageHeader title={account ? `${t('accounts.edit')}: ${account.name}` : t('accounts.new')} />
      <Paper withBorder p="md" radius="md" maw={860}>
        <AccountForm
          account={account}
          onCancel={() =>
            account
              ? navigate({ to: '/accounts/$accountId', params: { accountId: account.uuid } })
              : navigate({ to: '/accounts' })
          }
          onSaved={async (saved) => {
            client.setQueryData(['account', saved.uuid], saved);
            await client.invalidateQueries({ queryKey: ['accounts'] });
            notifications.show({ color: 'green', message: t('common.saved') });
            await navigate({ to: '/accounts/$accountId', params: { accountId: saved.uuid } });
          }}
        />
      </Paper>
    </>
  );
}
