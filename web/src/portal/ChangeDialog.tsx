import { Alert, Button, Group, Modal, NumberInput, Select, Stack, Table, Text } from '@mantine/core';
import { useMutation, useQuery, useQueryClient } from '@tanstack/react-query';
import { useState } from 'react';
import { ApiError, api, data, type Schemas } from '../api/client.ts';
import { formatDate, formatMoney } from '../format.ts';
import { AmountRows } from './AmountRows.tsx';
import type { PortalMessageId } from './messages/en.ts';
import { notify } from './notify.ts';
import { usePortalLanguage, usePortalT } from './portal-i18n.tsx';
import type { PortalSubscription } from './portal-types.ts';

type Order = Schemas['Order'];
type Option = Schemas['SelfServicePlanOption'];

/** What went wrong, in the customer's words: the API's details are written for developers. */
function problemText(error: unknown): PortalMessageId {
  if (!(error instanceof ApiError)) return 'error.generic';
  const field = error.problem.errors?.[0];
  if (field?.code === 'unchanged') return 'change.unchanged';
  if (field?.field === 'quantity') return 'change.quantityInvalid';
  if (error.problem.code === 'order_expired' || error.problem.code === 'order_state') return 'change.stale';
  return 'error.generic';
}

function OrderPreview({ order }: { order: Order }) {
  const t = usePortalT();
  const { language } = usePortalLanguage();
  const money = (amount: string) => formatMoney(amount, order.currency, language);
  return (
    <Stack gap="xs">
      <Text fw={600}>{t('change.effective', { date: formatDate(order.effective_date, language) })}</Text>
      <Table.ScrollContainer minWidth={300}>
        <Table>
          <Table.Thead>
            <Table.Tr>
              <Table.Th>{t('invoice.line')}</Table.Th>
              <Table.Th ta="right">{t('invoice.amount')}</Table.Th>
            </Table.Tr>
          </Table.Thead>
          <Table.Tbody>
            {order.lines.map((line, index) => (
              <Table.Tr key={`${index}-${line.description}`}>
                <Table.Td>
                  {line.description}
                  {line.period_start && line.period_end ? (
                    <Text size="xs" c="dimmed">
                      {formatDate(line.period_start, language)} – {formatDate(line.period_end, language)}
                    </Text>
                  ) : null}
                </Table.Td>
                <Table.Td ta="right">{money(line.amount)}</Table.Td>
              </Table.Tr>
            ))}
            <AmountRows
              rows={[
                { label: t('change.totalExVat'), amount: money(order.total_ex_vat) },
                { label: t('invoice.vat'), amount: money(order.total_vat) },
                { label: t('invoices.total'), amount: money(order.total), strong: true },
              ]}
            />
          </Table.Tbody>
        </Table>
      </Table.ScrollContainer>
      <Text size="sm" c="dimmed">
        {t('change.billingNote')}
      </Text>
    </Stack>
  );
}

/**
 * Changing quantity or plan terms: the customer picks, sees the priced order (prorated lines, VAT,
 * totals) and only then confirms it. Editing the choice again drops the preview.
 */
export function ChangeDialog({ item, onClose }: { item: PortalSubscription; onClose: () => void }) {
  const t = usePortalT();
  const { language } = usePortalLanguage();
  const queryClient = useQueryClient();
  const id = item.subscription.uuid;
  const [quantity, setQuantity] = useState<number | string>(item.subscription.quantity);
  const [terms, setTerms] = useState<string>(item.plan_terms.uuid);
  const [order, setOrder] = useState<Order | null>(null);
  const options = useQuery({
    queryKey: ['portal-plan-options', id],
    queryFn: () =>
      data(api.GET('/api/self-service/subscriptions/{id}/plan-options', { params: { path: { id } } })),
  });
  const preview = useMutation({
    mutationFn: () =>
      data(
        api.POST('/api/self-service/subscriptions/{id}/orders/preview', {
          params: { path: { id } },
          body: { quantity: Number(quantity), ...(terms !== item.plan_terms.uuid ? { terms } : {}) },
        }),
      ),
    onSuccess: setOrder,
  });
  const commit = useMutation({
    mutationFn: (previewed: Order) =>
      data(
        api.POST('/api/self-service/subscriptions/{id}/orders/{order}/commit', {
          params: { path: { id, order: previewed.uuid } },
          body: {},
        }),
      ),
    onSuccess: async (committed) => {
      notify(
        'green',
        t(committed.status === 'pending_approval' ? 'change.pending' : 'change.done'),
        t('portal.close'),
      );
      await queryClient.invalidateQueries({ queryKey: ['portal-subscriptions'] });
      onClose();
    },
  });
  const edit = () => {
    setOrder(null);
    preview.reset();
    commit.reset();
  };
  const label = (option: Option) => {
    const price = formatMoney(option.price, option.currency, language);
    const interval = option.interval
      ? t(`interval.${option.interval}` as PortalMessageId, { count: option.interval_count ?? 1 })
      : null;
    const name = [option.plan.name, option.name].filter(Boolean).join(' – ');
    return `${name}: ${interval ? t('subscriptions.price', { price, interval }) : price}`;
  };
  const choices = options.data?.results ?? [];
  const error = preview.error ?? commit.error;
  return (
    <Modal
      opened
      onClose={onClose}
      title={t('change.title')}
      centered
      size="lg"
      closeButtonProps={{ 'aria-label': t('change.keep') }}
    >
      <Stack>
        {choices.length > 1 ? (
          <Select
            label={t('change.plan')}
            data={choices.map((option) => ({ value: option.uuid, label: label(option) }))}
            value={terms}
            allowDeselect={false}
            onChange={(value) => {
              if (value) setTerms(value);
              edit();
            }}
          />
        ) : null}
        <NumberInput
          label={t('subscriptions.quantity')}
          min={1}
          max={1_000_000}
          allowDecimal={false}
          value={quantity}
          onChange={(value) => {
            setQuantity(value);
            edit();
          }}
        />
        {order ? <OrderPreview order={order} /> : null}
        {error ? <Alert color="red">{t(problemText(error))}</Alert> : null}
        <Group justify="flex-end" gap="sm">
          <Button variant="default" onClick={onClose}>
            {t('change.keep')}
          </Button>
          {order ? (
            <Button loading={commit.isPending} onClick={() => commit.mutate(order)}>
              {t('change.confirm')}
            </Button>
          ) : (
            <Button loading={preview.isPending} onClick={() => preview.mutate()}>
              {t('change.preview')}
            </Button>
          )}
        </Group>
      </Stack>
    </Modal>
  );
}
