import { Badge } from '@mantine/core';
import { type MessageId, useT } from '../i18n/i18n.tsx';

const COLORS: Record<string, string> = {
  active: 'green',
  paid: 'green',
  matched: 'green',
  committed: 'green',
  sent: 'green',
  trialing: 'cyan',
  open: 'blue',
  draft: 'gray',
  partially_paid: 'yellow',
  ending: 'yellow',
  pending_approval: 'yellow',
  overdue: 'red',
  declined: 'red',
  unmatched: 'orange',
  ended: 'gray',
  credited: 'gray',
  expired: 'gray',
  preview: 'gray',
  invited: 'yellow',
  enabled: 'green',
  disabled: 'gray',
  gone: 'red',
  failing: 'orange',
  pending: 'blue',
  succeeded: 'green',
  cancelled: 'gray',
  import_created: 'green',
  import_updated: 'blue',
  import_unchanged: 'gray',
  import_refused: 'red',
};

/**
 * A status from the API, in words of the reader's language: a coloured dot beside dark text (coloured
 * text on a light badge reads below WCAG AA's 4.5:1 for green, yellow, cyan).
 */
export function StatusBadge({ status }: { status: string }) {
  const t = useT();
  return (
    <Badge color={COLORS[status] ?? 'gray'} variant="dot">
      {t(`status.${status}` as MessageId)}
    </Badge>
  );
}
