import { Button, Card, Group, Modal, NumberInput, SimpleGrid, Stack, Table, Text } from '@mantine/core';
import type { UseFormReturnType } from '@mantine/form';
import { notifications } from '@mantine/notifications';
import { useQuery, useQueryClient } from '@tanstack/react-query';
import { Link, useParams } from '@tanstack/react-router';
import { useState } from 'react';
import { api, data, type Schemas } from '../../api/client.ts';
import { refreshData, useCanWrite } from '../../api/session.ts';
import { Detail } from '../../components/Detail.tsx';
import { FormProblem } from '../../components/FormProblem.tsx';
import { PageHeader } from '../../components/PageHeader.tsx';
import { ComponentPicker, PlanTermsPicker } from '../../components/pickers.tsx';
import { StatusBadge } from '../../components/StatusBadge.tsx';
import { formatDate, formatDuration, formatMoney } from '../../format.ts';
import { useLanguage, useT } from '../../i18n/i18n.tsx';
import { OrderDialog, type OrderValues } from './OrderDialog.tsx';

type Subscription = Schemas['Subscription'];
type Overview = Schemas['SubscriptionOverview'];

interface QuantityValues extends OrderValues {
  quantity: number | string;
}
interface TermsValues extends OrderValues {
  terms: string;
  quantity: number | string;
}
interface ComponentValues extends OrderValues {
  component: string;
  quantity: number | string;
}

const quantityOf = (value: number | string) => (value === '' ? undefined : Number(value));

function QuantityField<V extends OrderValues & { quantity: number | string }>({
  form,
  label,
}: {
  form: UseFormReturnType<V>;
  label: string;
}) {
  return <NumberInput label={label} min={1} allowDecimal={false} {...form.getInputProps('quantity')} />;
}

/** A change of quantity, priced as an order before it is committed. */
function QuantityChange({ subscription, onClose }: { subscription: Subscription; onClose: () => void }) {
  const t = useT();
  return (
    <OrderDialog<QuantityValues>
      title={t('subscription.changeQuantity')}
      initialValues={{ quantity: subscription.quantity }}
      request={(values) => ({
        type: 'change_quantity',
        subscription: subscription.uuid,
        quantity: quantityOf(values.quantity) as number,
      })}
      fields={(form) => <QuantityField form={form} label={t('subscription.quantity')} />}
      onClose={onClose}
    />
  );
}

/** An upgrade or downgrade to other plan terms, at the same or a new quantity. */
function TermsChange({ overview, onClose }: { overview: Overview; onClose: () => void }) {
  const t = useT();
  const { subscription, plan_terms: current } = overview;
  return (
    <OrderDialog<TermsValues>
      title={t('subscription.changeTerms')}
      initialValues={{ terms: '', quantity: subscription.quantity }}
      request={(values) => ({
        type: 'change_terms',
        subscription: subscription.uuid,
        terms: values.terms,
        ...(quantityOf(values.quantity) ? { quantity: quantityOf(values.quantity) } : {}),
      })}
      fields={(form) => (
        <SimpleGrid cols={{ base: 1, sm: 2 }}>
          <PlanTermsPicker
            label={t('subscription.newTerms')}
            required
            currency={current.currency}
            exclude={current.uuid}
            {...form.getInputProps('terms')}
          />
          <QuantityField form={form} label={t('subscription.quantity')} />
        </SimpleGrid>
      )}
      onClose={onClose}
    />
  );
}

/** A component added to the subscription (recurring: at a quantity). */
function ComponentAdd({ overview, onClose }: { overview: Overview; onClose: () => void }) {
  const t = useT();
  const { subscription, plan_terms: terms } = overview;
  return (
    <OrderDialog<ComponentValues>
      title={t('subscription.addComponent')}
      initialValues={{ component: '', quantity: 1 }}
      request={(values) => ({
        type: 'add_component',
        subscription: subscription.uuid,
        component: values.component,
        ...(quantityOf(values.quantity) ? { quantity: quantityOf(values.quantity) } : {}),
      })}
      fields={(form) => (
        <SimpleGrid cols={{ base: 1, sm: 2 }}>
          <ComponentPicker
            label={t('subscription.component')}
            required
            plan={terms.plan}
            currency={terms.currency}
            {...form.getInputProps('component')}
          />
          <QuantityField form={form} label={t('subscription.quantity')} />
        </SimpleGrid>
      )}
      onClose={onClose}
    />
  );
}

/** A component stopped: by default at the end of the period, as the order rules say. */
function ComponentRemove({
  subscription,
  component,
  onClose,
}: {
  subscription: Subscription;
  component: Overview['components'][number];
  onClose: () => void;
}) {
  const t = useT();
  return (
    <OrderDialog<OrderValues>
      title={t('subscription.removeComponentOf', { name: component.name })}
      initialValues={{}}
      request={() => ({
        type: 'remove_component',
        subscription: subscription.uuid,
        component: component.component,
      })}
      onClose={onClose}
    />
  );
}

/** The subscription's current components, each with its quantity and price, and a way to stop it. */
function Components({
  overview,
  canChange,
  onRemove,
}: {
  overview: Overview;
  canChange: boolean;
  onRemove: (component: Overview['components'][number]) => void;
}) {
  const t = useT();
  const { language } = useLanguage();
  return (
    <Card withBorder radius="md">
      <Text fw={600} mb="xs">
        {t('subscription.components')}
      </Text>
      {overview.components.length === 0 ? (
        <Text size="sm" c="dimmed">
          {t('subscription.noComponents')}
        </Text>
      ) : (
        <Table.ScrollContainer minWidth={560}>
          <Table data-testid="subscription-components">
            <Table.Thead>
              <Table.Tr>
                <Table.Th>{t('subscription.component')}</Table.Th>
                <Table.Th ta="right">{t('subscription.quantity')}</Table.Th>
                <Table.Th ta="right">{t('catalog.price')}</Table.Th>
                <Table.Th>{t('subscription.start')}</Table.Th>
                <Table.Th>{t('subscription.end')}</Table.Th>
                {canChange && <Table.Th />}
              </Table.Tr>
            </Table.Thead>
            <Table.Tbody>
              {overview.components.map((c) => (
                <Table.Tr key={c.uuid}>
                  <Table.Td>
                    {c.name} ({c.code})
                  </Table.Td>
                  <Table.Td ta="right">{c.quantity ?? '—'}</Table.Td>
                  <Table.Td ta="right">
                    {c.price ? formatMoney(c.price, overview.plan_terms.currency, language) : '—'}
                  </Table.Td>
                  <Table.Td>{formatDate(c.start_date, language)}</Table.Td>
                  <Table.Td>{c.end_date ? formatDate(c.end_date, language) : '—'}</Table.Td>
                  {canChange && (
                    <Table.Td ta="right">
                      {!c.end_date && (
                        <Button size="xs" variant="subtle" color="red" onClick={() => onRemove(c)}>
                          {t('subscription.removeComponent')}
                        </Button>
                      )}
                    </Table.Td>
                  )}
                </Table.Tr>
              ))}
            </Table.Tbody>
          </Table>
        </Table.ScrollContainer>
      )}
    </Card>
  );
}

/** The cancellation preview: the earliest end that minimum term and notice allow, then the end itself. */
function Cancellation({ subscriptionId, onClose }: { subscriptionId: string; onClose: () => void }) {
  const t = useT();
  const { language } = useLanguage();
  const client = useQueryClient();
  const [problem, setProblem] = useState<string | null>(null);
  const preview = useQuery({
    queryKey: ['cancellation', subscriptionId],
    queryFn: () =>
      data(
        api.GET('/api/v1/subscriptions/{id}/cancellation-preview', {
          params: { path: { id: subscriptionId } },
        }),
      ),
  });
  const end = async () => {
    if (!preview.data) return;
    try {
      await data(
        api.POST('/api/v1/subscriptions/{id}/end', {
          params: { path: { id: subscriptionId } },
          body: { end_date: preview.data.earliest_end_date, notice_date: preview.data.notice_date },
        }),
      );
      notifications.show({ color: 'green', message: t('subscription.endScheduled') });
      await refreshData(client);
      onClose();
    } catch (error) {
      setProblem((error as Error).message);
    }
  };
  const p = preview.data;
  return (
    <Modal opened onClose={onClose} title={t('subscription.cancel')} size="lg">
      {p && (
        <Stack data-testid="cancellation-preview">
          <Text>{t('subscription.earliestEnd', { date: formatDate(p.earliest_end_date, language) })}</Text>
          <SimpleGrid cols={2}>
            <Detail
              label={t('catalog.minimumTerm')}
              value={
                p.minimum_term
                  ? `${formatDuration(p.minimum_term, language)}${p.minimum_term_end ? ` (${formatDate(p.minimum_term_end, language)})` : ''}`
                  : '—'
              }
            />
            <Detail
              label={t('catalog.noticePeriod')}
              value={p.notice_period ? formatDuration(p.notice_period, language) : '—'}
            />
            <Detail label={t('subscription.noticeDate')} value={formatDate(p.notice_date, language)} />
            <Detail
              label={t('subscription.nextPossibleEnd')}
              value={formatDate(p.next_possible_end_date, language)}
            />
          </SimpleGrid>
          <FormProblem problem={problem} />
          <Group justify="flex-end">
            <Button variant="default" onClick={onClose}>
              {t('common.back')}
            </Button>
            <Button color="red.9" onClick={end}>
              {t('subscription.endOn', { date: formatDate(p.earliest_end_date, language) })}
            </Button>
          </Group>
        </Stack>
      )}
    </Modal>
  );
}

export default function SubscriptionPage() {
  const t = useT();
  const { language } = useLanguage();
  const canWrite = useCanWrite();
  const { subscriptionId } = useParams({ from: '/signed-in/subscriptions/$subscriptionId' });
  const [dialog, setDialog] = useState<'quantity' | 'terms' | 'component' | 'cancel' | null>(null);
  const [removing, setRemoving] = useState<Overview['components'][number] | null>(null);
  const query = useQuery({
    queryKey: ['subscription', subscriptionId],
    queryFn: () =>
      data(api.GET('/api/v1/subscriptions/{id}/overview', { params: { path: { id: subscriptionId } } })),
    throwOnError: true,
  });
  const overview = query.data;
  if (!overview) return null;
  const { subscription, plan_terms: terms } = overview;
  const open = subscription.status !== 'ended' && !subscription.end_date;
  return (
    <Stack>
      <PageHeader title={t('subscription.title', { account: subscription.account })}>
        <StatusBadge status={subscription.status} />
        {canWrite && open && (
          <>
            <Button variant="default" onClick={() => setDialog('quantity')}>
              {t('subscription.changeQuantity')}
            </Button>
            <Button variant="default" onClick={() => setDialog('terms')}>
              {t('subscription.changeTerms')}
            </Button>
            <Button variant="default" onClick={() => setDialog('component')}>
              {t('subscription.addComponent')}
            </Button>
            <Button variant="light" color="red" onClick={() => setDialog('cancel')}>
              {t('subscription.cancel')}
            </Button>
          </>
        )}
      </PageHeader>
      <Card withBorder radius="md">
        <SimpleGrid cols={{ base: 1, xs: 2, md: 4 }}>
          <Detail
            label={t('order.account')}
            value={
              <Link to="/accounts/$accountId" params={{ accountId: subscription.account_uuid }}>
                {subscription.account}
              </Link>
            }
          />
          <Detail label={t('catalog.price')} value={formatMoney(terms.price, terms.currency, language)} />
          <Detail label={t('subscription.quantity')} value={String(subscription.quantity)} />
          <Detail
            label={t('subscription.currentPeriod')}
            value={`${formatDate(subscription.current_period_start, language)} – ${formatDate(subscription.current_period_end, language)}`}
          />
          <Detail label={t('subscription.start')} value={formatDate(subscription.start_date, language)} />
          <Detail
            label={t('subscription.end')}
            value={subscription.end_date ? formatDate(subscription.end_date, language) : '—'}
          />
          <Detail
            label={t('order.collection')}
            value={t(`order.collection.${subscription.collection_method}`)}
          />
          <Detail
            label={t('subscription.discount')}
            value={
              overview.discount
                ? overview.discount.discount_type === 'percentage'
                  ? `${overview.discount.discount} %`
                  : formatMoney(overview.discount.discount, terms.currency, language)
                : '—'
            }
          />
        </SimpleGrid>
      </Card>
      <Components overview={overview} canChange={canWrite && open} onRemove={setRemoving} />
      {dialog === 'terms' && <TermsChange overview={overview} onClose={() => setDialog(null)} />}
      {dialog === 'component' && <ComponentAdd overview={overview} onClose={() => setDialog(null)} />}
      {removing && (
        <ComponentRemove subscription={subscription} component={removing} onClose={() => setRemoving(null)} />
      )}
      {dialog === 'quantity' && (
        <QuantityChange subscription={subscription} onClose={() => setDialog(null)} />
      )}
      {dialog === 'cancel' && (
        <Cancellation subscriptionId={subscription.uuid} onClose={() => setDialog(null)} />
      )}
    </Stack>
  );
}
