import { Button, Group, Modal, Select, SimpleGrid, Stack } from '@mantine/core';
import { DatePickerInput } from '@mantine/dates';
import type { UseFormReturnType } from '@mantine/form';
import { notifications } from '@mantine/notifications';
import { useQueryClient } from '@tanstack/react-query';
import { type ReactNode, useState } from 'react';
import { api, data, type Schemas } from '../../api/client.ts';
import { refreshData } from '../../api/session.ts';
import { FormProblem } from '../../components/FormProblem.tsx';
import { useApiForm } from '../../components/useApiForm.ts';
import { useT } from '../../i18n/i18n.tsx';
import { OrderPreview } from '../orders/OrderPreview.tsx';

type Order = Schemas['Order'];
type OrderRequest = Schemas['OrderRequestInput'];
type Effective = 'default' | 'immediately' | 'period_end' | 'date';

export interface OrderValues extends Record<string, unknown> {
  effective: Effective;
  effective_date: string | null;
}

/**
 * A change to a subscription as an order: the person fills in the change (`fields`) and when it takes
 * effect, sees the priced preview (proration, tier discount, VAT), then confirms it or goes back. The
 * API's messages land on the fields they name.
 */
export function OrderDialog<V extends OrderValues>({
  title,
  initialValues,
  request,
  fields,
  onClose,
}: {
  title: string;
  initialValues: Omit<V, keyof OrderValues>;
  /** The order the values ask for, without when it takes effect. */
  request: (values: V) => OrderRequest;
  fields?: (form: UseFormReturnType<V>) => ReactNode;
  onClose: () => void;
}) {
  const t = useT();
  const client = useQueryClient();
  const [preview, setPreview] = useState<Order | null>(null);
  const { form, onSubmit, problem } = useApiForm<V, Order>(
    { effective: 'default', effective_date: null, ...initialValues } as V,
    (values) =>
      data(
        api.POST('/api/v1/orders', {
          body: {
            ...request(values),
            ...(values.effective === 'default' ? {} : { effective: values.effective }),
            ...(values.effective === 'date' && values.effective_date
              ? { effective_date: values.effective_date }
              : {}),
          } as OrderRequest,
        }),
      ),
    setPreview,
  );
  return (
    <Modal opened onClose={onClose} title={title} size="xl">
      {preview ? (
        <OrderPreview
          order={preview}
          onCancel={() => setPreview(null)}
          onCommitted={async (order) => {
            notifications.show({
              color: order.status === 'pending_approval' ? 'yellow' : 'green',
              message: t(order.status === 'pending_approval' ? 'order.sentForApproval' : 'order.committed'),
            });
            await refreshData(client);
            onClose();
          }}
        />
      ) : (
        <form onSubmit={onSubmit} noValidate>
          <Stack>
            <FormProblem problem={problem} />
            {fields?.(form)}
            <SimpleGrid cols={{ base: 1, sm: 2 }}>
              <Select
                label={t('order.effectiveDate')}
                allowDeselect={false}
                data={(['default', 'immediately', 'period_end', 'date'] as const).map((value) => ({
                  value,
                  label: t(`order.effective.${value}`),
                }))}
                {...form.getInputProps('effective')}
              />
              {form.values.effective === 'date' && (
                <DatePickerInput
                  label={t('order.effectiveOn')}
                  required
                  valueFormat="D MMM YYYY"
                  {...form.getInputProps('effective_date')}
                />
              )}
            </SimpleGrid>
            <Group justify="flex-end">
              <Button variant="default" onClick={onClose}>
                {t('common.back')}
              </Button>
              <Button type="submit" loading={form.submitting}>
                {t('order.preview')}
              </Button>
            </Group>
          </Stack>
        </form>
      )}
    </Modal>
  );
}
