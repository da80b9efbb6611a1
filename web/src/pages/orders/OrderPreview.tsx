import { Badge, Button, Group, Stack, Text } from '@mantine/core';
import { useState } from 'react';
import { api, data, type Schemas } from '../../api/client.ts';
import { DocumentLines } from '../../components/DocumentLines.tsx';
import { FormProblem } from '../../components/FormProblem.tsx';
import { formatDate } from '../../format.ts';
import { useLanguage, useT } from '../../i18n/i18n.tsx';

type Order = Schemas['Order'];

/**
 * A priced order before it takes effect: its lines (proration, tier discount, VAT) and what it will
 * cost; committing applies it, or sends it for approval when the organization asks for that.
 */
export function OrderPreview({
  order,
  onCommitted,
  onCancel,
}: {
  order: Order;
  onCommitted: (order: Order) => void | Promise<void>;
  onCancel: () => void;
}) {
  const t = useT();
  const { language } = useLanguage();
  const [busy, setBusy] = useState(false);
  const [problem, setProblem] = useState<string | null>(null);
  const commit = async () => {
    setBusy(true);
    setProblem(null);
    try {
      await onCommitted(
        await data(
          api.POST('/api/v1/orders/{id}/commit', { params: { path: { id: order.uuid } }, body: {} }),
        ),
      );
    } catch (error) {
      setProblem((error as Error).message);
    } finally {
      setBusy(false);
    }
  };
  return (
    <Stack data-testid="order-preview">
      <Group gap="xs">
        <Badge variant="light">{t(`order.type.${order.type}`)}</Badge>
        <Text size="sm">{t('order.effective', { date: formatDate(order.effective_date, language) })}</Text>
      </Group>
      {order.lines.length === 0 ? (
        <Text size="sm" c="dimmed">
          {t('order.nothingNow')}
        </Text>
      ) : (
        <DocumentLines document={order} />
      )}
      <FormProblem problem={problem} />
      <Group justify="flex-end">
        <Button variant="default" onClick={onCancel}>
          {t('common.back')}
        </Button>
        <Button onClick={commit} loading={busy}>
          {t('order.commit')}
        </Button>
      </Group>
    </Stack>
  );
}
