import { Badge, Button, Card, Group, Stack, Text } from '@mantine/core';
import { useMutation, useQuery, useQueryClient } from '@tanstack/react-query';
import { api, data } from '../api/client.ts';
import { formatDateTime } from '../format.ts';
import { AddCardButtons } from './AddCard.tsx';
import { notify } from './notify.ts';
import { usePortalLanguage, usePortalT } from './portal-i18n.tsx';
import type { PortalSession } from './portal-types.ts';

/** The customer's cards: which is charged, make another the default, remove one. */
export function CardsSection({ session }: { session: PortalSession }) {
  const t = usePortalT();
  const { language } = usePortalLanguage();
  const queryClient = useQueryClient();
  const cards = useQuery({
    queryKey: ['portal-cards'],
    queryFn: () => data(api.GET('/api/self-service/paymentcards')),
  });
  const refresh = () => queryClient.invalidateQueries({ queryKey: ['portal-cards'] });
  const makeDefault = useMutation({
    mutationFn: (id: string) =>
      data(api.POST('/api/self-service/paymentcards/{id}/default', { params: { path: { id } } })),
    onSuccess: async () => {
      notify('green', t('cards.madeDefault'), t('portal.close'));
      await refresh();
    },
    onError: () => notify('red', t('error.generic'), t('portal.close')),
  });
  const remove = useMutation({
    mutationFn: async (id: string) => {
      const { response } = await api.DELETE('/api/self-service/paymentcards/{id}', {
        params: { path: { id } },
      });
      if (!response.ok) throw new Error(response.statusText);
    },
    onSuccess: async () => {
      notify('green', t('cards.removed'), t('portal.close'));
      await refresh();
    },
    onError: () => notify('red', t('error.generic'), t('portal.close')),
  });
  if (!cards.data) return <Text>{t('portal.loading')}</Text>;
  const mayChange = session.actions.cards;
  // The default card first, then the newest.
  const ordered = [...cards.data.results].sort(
    (a, b) => Number(b.default) - Number(a.default) || b.created_date.localeCompare(a.created_date),
  );
  return (
    <Stack>
      <AddCardButtons session={session} />
      {ordered.length === 0 ? <Text c="dimmed">{t('cards.none')}</Text> : null}
      {ordered.map((card) => (
        <Card key={card.uuid} withBorder padding="md" radius="md">
          <Group justify="space-between" wrap="wrap" gap="sm">
            <Stack gap={2}>
              <Group gap="xs">
                <Text fw={600}>{t('cards.card', { last: card.token.replace('…', '') })}</Text>
                {card.default ? (
                  <Badge color="brand" variant="dot" size="lg">
                    {t('cards.default')}
                  </Badge>
                ) : null}
              </Group>
              <Text size="sm" c="dimmed">
                {card.gateway === 'stripe' ? 'Stripe' : 'QuickPay'} ·{' '}
                {t('cards.added', { date: formatDateTime(card.created_date, language) })}
              </Text>
            </Stack>
            {mayChange ? (
              <Group gap="xs">
                {!card.default ? (
                  <Button
                    size="compact-sm"
                    variant="default"
                    loading={makeDefault.isPending && makeDefault.variables === card.uuid}
                    onClick={() => makeDefault.mutate(card.uuid)}
                  >
                    {t('cards.makeDefault')}
                  </Button>
                ) : null}
                <Button
                  size="compact-sm"
                  variant="outline"
                  color="red.9"
                  loading={remove.isPending && remove.variables === card.uuid}
                  onClick={() => {
                    if (confirm(t('cards.removeConfirm'))) remove.mutate(card.uuid);
                  }}
                >
                  {t('cards.remove')}
                </Button>
              </Group>
            ) : null}
          </Group>
        </Card>
      ))}
    </Stack>
  );
}
