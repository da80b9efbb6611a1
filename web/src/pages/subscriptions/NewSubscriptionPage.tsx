import { Button, Group, NumberInput, Paper, Select, SimpleGrid, Stack } from '@mantine/core';
import { DatePickerInput } from '@mantine/dates';
import { notifications } from '@mantine/notifications';
import { useQueryClient } from '@tanstack/react-query';
import { useNavigate, useSearch } from '@tanstack/react-router';
import { useState } from 'react';
import { api, data, type Schemas } from '../../api/client.ts';
import { refreshData } from '../../api/session.ts';
import { FormProblem } from '../../components/FormProblem.tsx';
import { PageHeader } from '../../components/PageHeader.tsx';
import { AccountPicker, PlanTermsPicker } from '../../components/pickers.tsx';
import { useApiForm } from '../../components/useApiForm.ts';
import { useT } from '../../i18n/i18n.tsx';
import { OrderPreview } from '../orders/OrderPreview.tsx';

type Order = Schemas['Order'];

interface Values extends Record<string, unknown> {
  account: string;
  terms: string;
  quantity: number | '';
  start_date: string | null;
  collection_method: 'invoice' | 'card';
}

/** A new subscription is an order: priced first (the preview), then committed. */
export default function NewSubscriptionPage() {
  const t = useT();
  const navigate = useNavigate();
  const client = useQueryClient();
  const search = useSearch({ strict: false }) as { account?: string };
  const [preview, setPreview] = useState<Order | null>(null);
  const { form, onSubmit, problem } = useApiForm<Values, Order>(
    { account: search.account ?? '', terms: '', quantity: 1, start_date: null, collection_method: 'invoice' },
    (values) =>
      data(
        api.POST('/api/v1/orders', {
          body: {
            type: 'new_subscription',
            account: values.account,
            terms: values.terms,
            quantity: values.quantity === '' ? 1 : values.quantity,
            collection_method: values.collection_method,
            ...(values.start_date ? { start_date: values.start_date } : {}),
          },
        }),
      ),
    setPreview,
  );
  return (
    <>
      <PageHeader title={t('subscriptions.new')} />
      <Paper withBorder p="md" radius="md" maw={900}>
        {preview ? (
          <OrderPreview
            order={preview}
            onCancel={() => setPreview(null)}
            onCommitted={async (order) => {
              await refreshData(client);
              if (order.status === 'pending_approval') {
                notifications.show({ color: 'yellow', message: t('order.sentForApproval') });
                await navigate({ to: '/orders' });
              } else {
                notifications.show({ color: 'green', message: t('order.committed') });
                await navigate({
                  to: '/subscriptions/$subscriptionId',
                  params: { subscriptionId: order.subscription ?? '' },
                });
              }
            }}
          />
        ) : (
          <form onSubmit={onSubmit} noValidate>
            <Stack>
              <FormProblem problem={problem} />
              <SimpleGrid cols={{ base: 1, sm: 2 }}>
                <AccountPicker label={t('order.account')} required {...form.getInputProps('account')} />
                <PlanTermsPicker label={t('order.terms')} required {...form.getInputProps('terms')} />
                <NumberInput
                  label={t('subscription.quantity')}
                  min={1}
                  allowDecimal={false}
                  {...form.getInputProps('quantity')}
                />
                <DatePickerInput
                  label={t('order.startDate')}
                  description={t('order.startDateHelp')}
                  clearable
                  valueFormat="D MMM YYYY"
                  {...form.getInputProps('start_date')}
                />
                <Select
                  label={t('order.collection')}
                  allowDeselect={false}
                  data={[
                    { value: 'invoice', label: t('order.collection.invoice') },
                    { value: 'card', label: t('order.collection.card') },
                  ]}
                  {...form.getInputProps('collection_method')}
                />
              </SimpleGrid>
              <Group justify="flex-end">
                <Button type="submit" loading={form.submitting}>
                  {t('order.preview')}
                </Button>
              </Group>
            </Stack>
          </form>
        )}
      </Paper>
    </>
  );
}
