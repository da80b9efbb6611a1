import { Badge } from '@mantine/core';
import type { PortalMessageId } from './messages/en.ts';
import { usePortalT } from './portal-i18n.tsx';

const COLORS: Record<string, string> = {
  active: 'green',
  paid: 'green',
  trialing: 'cyan',
  open: 'blue',
  partially_paid: 'yellow',
  ending: 'yellow',
  overdue: 'red',
  ended: 'gray',
  credited: 'gray',
};

export function StatusLabel({ status }: { status: string }) {
  const t = usePortalT();
  return (
    <Badge color={COLORS[status] ?? 'gray'} variant="dot" size="lg">
      {t(`status.${status}` as PortalMessageId)}
    </Badge>
  );
}
