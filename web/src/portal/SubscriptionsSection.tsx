import { Alert, Button, Card, Group, Modal, SimpleGrid, Stack, Text, Title } from '@mantine/core';
import { useMutation, useQuery, useQueryClient } from '@tanstack/react-query';
import { useState } from 'react';
import { api, data } from '../api/client.ts';
import { formatDate, formatDuration, formatMoney } from '../format.ts';
import { ChangeDialog } from './ChangeDialog.tsx';
import type { PortalMessageId } from './messages/en.ts';
import { notify } from './notify.ts';
import { usePortalLanguage, usePortalT } from './portal-i18n.tsx';
import type { PortalSession, PortalSubscription } from './portal-types.ts';
import { StatusLabel } from './StatusLabel.tsx';

function Fact({ label, value }: { label: string; value: React.ReactNode }) {
  return (
    <Stack gap={0}>
      <Text size="xs" c="dimmed" tt="uppercase" fw={600}>
        {label}
      </Text>
      <Text>{value}</Text>
    </Stack>
  );
}

function CancelDialog({ item, onClose }: { item: PortalSubscription; onClose: () => void }) {
  const t = usePortalT();
  const { language } = usePortalLanguage();
  const queryClient = useQueryClient();
  const id = item.subscription.uuid;
  const preview = useQuery({
    queryKey: ['portal-cancellation', id],
    queryFn: () =>
      data(
        api.GET('/api/self-service/subscriptions/{id}/cancellation-preview', { params: { path: { id } } }),
      ),
  });
  const cancel = useMutation({
    mutationFn: () =>
      data(api.POST('/api/self-service/subscriptions/{id}/cancel', { params: { path: { id } }, body: {} })),
    onSuccess: async (subscription) => {
      notify(
        'green',
        t('cancel.done', { date: formatDate(subscription.end_date ?? '', language) }),
        t('portal.close'),
      );
      await queryClient.invalidateQueries({ queryKey: ['portal-subscriptions'] });
      onClose();
    },
  });
  const none = t('cancel.none');
  return (
    <Modal
      opened
      onClose={onClose}
      title={t('cancel.title')}
      centered
      closeButtonProps={{ 'aria-label': t('cancel.keep') }}
    >
      {preview.data ? (
        <Stack>
          <Text>{t('cancel.earliest', { date: formatDate(preview.data.earliest_end_date, language) })}</Text>
          <Text size="sm" c="dimmed">
            {t('cancel.terms', {
              minimum: formatDuration(preview.data.minimum_term, language) || none,
              notice: formatDuration(preview.data.notice_period, language) || none,
            })}
          </Text>
          {cancel.error && <Alert color="red">{cancel.error.message}</Alert>}
          <Group justify="flex-end" gap="sm">
            <Button variant="default" onClick={onClose}>
              {t('cancel.keep')}
            </Button>
            <Button color="red.9" loading={cancel.isPending} onClick={() => cancel.mutate()}>
              {t('cancel.confirm', { date: formatDate(preview.data.earliest_end_date, language) })}
            </Button>
          </Group>
        </Stack>
      ) : (
        <Text>{t('portal.loading')}</Text>
      )}
    </Modal>
  );
}

function SubscriptionCard({
  item,
  mayCancel,
  mayChange,
}: {
  item: PortalSubscription;
  mayCancel: boolean;
  mayChange: boolean;
}) {
  const t = usePortalT();
  const { language } = usePortalLanguage();
  const [cancelling, setCancelling] = useState(false);
  const [changing, setChanging] = useState(false);
  const { subscription, plan_terms: terms, discount } = item;
  const price = formatMoney(terms.price, terms.currency, language);
  const interval = terms.interval
    ? t(`interval.${terms.interval}` as PortalMessageId, { count: terms.interval_count ?? 1 })
    : null;
  const live = subscription.status === 'active' || subscription.status === 'trialing';
  return (
    <Card withBorder padding="lg" radius="md">
      <Group justify="space-between" mb="sm" wrap="nowrap">
        <Title order={2} size="h4">
          {interval ? t('subscriptions.price', { price, interval }) : price}
        </Title>
        <StatusLabel status={subscription.status} />
      </Group>
      <SimpleGrid cols={{ base: 2, sm: 4 }} spacing="md">
        <Fact label={t('subscriptions.quantity')} value={subscription.quantity} />
        <Fact label={t('subscriptions.started')} value={formatDate(subscription.start_date, language)} />
        {subscription.end_date ? (
          <Fact label={t('subscriptions.ends')} value={formatDate(subscription.end_date, language)} />
        ) : null}
        {item.next_billing_date ? (
          <Fact label={t('subscriptions.nextBilling')} value={formatDate(item.next_billing_date, language)} />
        ) : null}
        {discount ? (
          <Fact
            label={t('subscriptions.discount')}
            value={
              discount.discount_type === 'percentage'
                ? `${discount.discount} %`
                : formatMoney(discount.discount, terms.currency, language)
            }
          />
        ) : null}
      </SimpleGrid>
      {(mayCancel || mayChange) && live && !subscription.end_date ? (
        <Group justify="flex-end" mt="md">
          {mayChange ? (
            <Button variant="light" onClick={() => setChanging(true)}>
              {t('subscriptions.change')}
            </Button>
          ) : null}
          {mayCancel ? (
            <Button variant="outline" color="red.9" onClick={() => setCancelling(true)}>
              {t('subscriptions.cancel')}
            </Button>
          ) : null}
        </Group>
      ) : null}
      {cancelling ? <CancelDialog item={item} onClose={() => setCancelling(false)} /> : null}
      {changing ? <ChangeDialog item={item} onClose={() => setChanging(false)} /> : null}
    </Card>
  );
}

export function SubscriptionsSection({ session }: { session: PortalSession }) {
  const t = usePortalT();
  const subscriptions = useQuery({
    queryKey: ['portal-subscriptions'],
    queryFn: () => data(api.GET('/api/self-service/subscriptions')),
  });
  if (!subscriptions.data) return <Text>{t('portal.loading')}</Text>;
  if (subscriptions.data.results.length === 0) return <Text c="dimmed">{t('subscriptions.none')}</Text>;
  return (
    <Stack>
      {subscriptions.data.results.map((item) => (
        <SubscriptionCard
          key={item.subscription.uuid}
          item={item}
          mayCancel={session.actions.cancel}
          mayChange={session.actions.plan_change}
        />
      ))}
    </Stack>
  );
}
