import { Alert, Button, Center, Stack } from '@mantine/core';
import type { ErrorComponentProps } from '@tanstack/react-router';
import { ApiError } from '../api/client.ts';
import { useT } from '../i18n/i18n.tsx';
import { NotFoundPage } from './NotFoundPage.tsx';

/** What a page shows when its data could not be read; a 404 from the API is the not-found page. */
export function ErrorPage({ error, reset }: ErrorComponentProps) {
  const t = useT();
  if (error instanceof ApiError && error.status === 404) return <NotFoundPage />;
  return (
    <Center mih="60vh">
      <Stack align="center" maw={480}>
        <Alert color="red" title={t('error.title')} role="alert" w="100%">
          {error instanceof Error ? error.message : String(error)}
          {error instanceof ApiError && error.problem.requestId ? ` (${error.problem.requestId})` : ''}
        </Alert>
        <Button variant="light" onClick={reset}>
          {t('error.retry')}
        </Button>
      </Stack>
    </Center>
  );
}
