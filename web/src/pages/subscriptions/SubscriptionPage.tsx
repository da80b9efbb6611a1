import { Alert, Button, Card, Group, Modal, NumberInput, SimpleGrid, Stack, Text } from '@mantine/core';
import { notifications } from '@mantine/notifications';
import { useQuery, useQueryClient } from '@tanstack/react-query';
import { Link, useParams } from '@tanstack/react-router';
import { useState } from 'react';
import { api, data, type Schemas } from '../../api/client.ts';
import { refreshData, useCanWrite } from '../../api/session.ts';
import { Detail } from '../../components/Detail.tsx';
import { PageHeader } from '../../components/PageHeader.tsx';
import { StatusBadge } from '../../components/StatusBadge.tsx';
import { formatDate, formatDuration, formatMoney } from '../../format.ts';
import { useLanguage, useT } from '../../i18n/i18n.tsx';
import { OrderPreview } from '../orders/OrderPreview.tsx';

type Order = Schemas['Order'];

function QuantityChange({
  subscription,
  onClose,
}: {
  subscription: Schemas['Subscription'];
  onClose: () => void;
}) {
  const t = useT();
  const client = useQueryClient();
  const [quantity, setQuantity] = useState<number | string>(subscription.quantity);
  const [preview, setPreview] = useState<Order | null>(null);
  const [problem, setProblem] = useState<string | null>(null);
  const price = async () => {
    setProblem(null);
    try {
      setPreview(
        await data(
          api.POST('/api/v1/orders', {
            body: { type: 'change_quantity', subscription: subscription.uuid, quantity: Number(quantity) },
          }),
        ),
      );
    } catch (error) {
      setProblem((error as Error).message);
    }
  };
  return (
    <Modal opened onClose={onClose} title={t('subscription.changeQuantity')} size="xl">
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
        <Stack>
          {problem && (
            <Alert color="red" role="alert">
              {problem}
            </Alert>
          )}
          <NumberInput
            label={t('subscription.quantity')}
            min={1}
            allowDecimal={false}
            value={quantity}
            onChange={setQuantity}
          />
          <Group justify="flex-end">
            <Button onClick={price}>{t('order.preview')}</Button>
          </Group>
        </Stack>
      )}
    </Modal>
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
          {problem && (
            <Alert color="red" role="alert">
              {problem}
            </Alert>
          )}
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
  const [dialog, setDialog] = useState<'quantity' | 'cancel' | null>(null);
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
      {dialog === 'quantity' && (
        <QuantityChange subscription={subscription} onClose={() => setDialog(null)} />
      )}
      {dialog === 'cancel' && (
        <Cancellation subscriptionId={subscription.uuid} onClose={() => setDialog(null)} />
      )}
    </Stack>
  );
}
