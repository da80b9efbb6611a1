import { Alert, Button, Group, Stack, Text, TextInput } from '@mantine/core';
import { useMutation } from '@tanstack/react-query';
import { useState } from 'react';
import { ApiError, api, data } from '../api/client.ts';
import { usePortalT } from './portal-i18n.tsx';

/**
 * A customer with only their e-mail asks for a new sign-in link. The answer is the same whether or
 * not the e-mail is known, so the page says only that a link is on its way if the account exists.
 */
export function RequestLinkForm({ organization }: { organization: string }) {
  const t = usePortalT();
  const [email, setEmail] = useState('');
  const request = useMutation({
    mutationFn: () =>
      data(api.POST('/api/self-service/link-requests', { body: { organization, email: email.trim() } })),
  });
  if (request.isSuccess)
    return (
      <Alert color="green" title={t('requestLink.sentTitle')}>
        {t('requestLink.sent')}
      </Alert>
    );
  const error = request.error;
  const invalid = error instanceof ApiError && error.status === 400;
  return (
    <form
      onSubmit={(event) => {
        event.preventDefault();
        request.mutate();
      }}
    >
      <Stack gap="sm">
        <Text>{t('requestLink.intro')}</Text>
        <TextInput
          type="email"
          autoComplete="email"
          required
          label={t('details.email')}
          value={email}
          onChange={(event) => setEmail(event.currentTarget.value)}
          error={invalid ? t('requestLink.invalid') : undefined}
        />
        {error && !invalid ? (
          <Alert color="red">
            {t(error instanceof ApiError && error.status === 429 ? 'requestLink.throttled' : 'error.generic')}
          </Alert>
        ) : null}
        <Group justify="flex-end">
          <Button type="submit" loading={request.isPending}>
            {t('requestLink.submit')}
          </Button>
        </Group>
      </Stack>
    </form>
  );
}
