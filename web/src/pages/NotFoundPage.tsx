import { Button, Center, Stack, Text, Title } from '@mantine/core';
import { Link } from '@tanstack/react-router';
import { useT } from '../i18n/i18n.tsx';

/** A path that is no page, or an object that is not there (or is another organization's). */
export function NotFoundPage() {
  const t = useT();
  return (
    <Center mih="60vh">
      <Stack align="center" gap="sm" data-testid="not-found">
        <Title order={1}>{t('notFound.title')}</Title>
        <Text c="dimmed">{t('notFound.text')}</Text>
        <Button component={Link} to="/" variant="light">
          {t('notFound.back')}
        </Button>
      </Stack>
    </Center>
  );
}
