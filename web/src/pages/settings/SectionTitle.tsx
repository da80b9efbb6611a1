import { Group, Text, Title } from '@mantine/core';
import type { ReactNode } from 'react';

/** The heading of one settings tab: its name, a line on what it is for, and its buttons. */
export function SectionTitle({
  title,
  intro,
  children,
}: {
  title: string;
  intro?: string;
  children?: ReactNode;
}) {
  return (
    <Group justify="space-between" align="flex-start" gap="sm" mb="sm">
      <div style={{ flex: 1, minWidth: 220 }}>
        <Title order={2} size="h3">
          {title}
        </Title>
        {intro && (
          <Text size="sm" c="dimmed">
            {intro}
          </Text>
        )}
      </div>
      {children && <Group gap="xs">{children}</Group>}
    </Group>
  );
}

/** What a tab says to a person whose role does not let them see it (users and tokens are owners'). */
export function OwnersOnly({ title, text }: { title: string; text: string }) {
  return (
    <>
      <SectionTitle title={title} />
      <Text data-testid="owners-only">{text}</Text>
    </>
  );
}
