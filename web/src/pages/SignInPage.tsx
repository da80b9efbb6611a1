import { Alert, Button, Center, Group, Paper, PasswordInput, Stack, TextInput, Title } from '@mantine/core';
import { useForm } from '@mantine/form';
import { getRouteApi, useNavigate } from '@tanstack/react-router';
import { useState } from 'react';
import { ApiError, fieldErrors } from '../api/client.ts';
import { useSessionActions } from '../api/session.ts';
import { isLanguage, useLanguage, useT } from '../i18n/i18n.tsx';
import { LanguageMenu } from '../layout/LanguageMenu.tsx';

const route = getRouteApi('/sign-in');

export default function SignInPage() {
  const t = useT();
  const search = route.useSearch();
  const navigate = useNavigate();
  const { signIn } = useSessionActions();
  const { setLanguage } = useLanguage();
  const [needsCode, setNeedsCode] = useState(false);
  const [failure, setFailure] = useState<string | null>(null);
  const form = useForm({ initialValues: { email: '', password: '', totp_code: '' } });

  const submit = form.onSubmit(async (values) => {
    setFailure(null);
    try {
      const session = await signIn({
        email: values.email,
        password: values.password,
        ...(needsCode && values.totp_code ? { totp_code: values.totp_code } : {}),
      });
      if (session && isLanguage(session.user.language)) setLanguage(session.user.language);
      await navigate({ to: search.redirect ?? '/' });
    } catch (error) {
      const fields = fieldErrors(error);
      const code = error instanceof ApiError ? error.problem.code : '';
      if ('totp_code' in fields || code.includes('totp')) {
        setNeedsCode(true);
        form.setFieldError('totp_code', needsCode ? t('signIn.wrongCode') : null);
        return;
      }
      if (error instanceof ApiError && error.status === 429) setFailure(t('signIn.throttled'));
      else setFailure(t('signIn.failed'));
    }
  });

  return (
    <Center mih="100vh" p="md" bg="gray.0">
      <Paper withBorder shadow="sm" p="xl" radius="md" w="100%" maw={400}>
        <form onSubmit={submit} noValidate>
          <Stack>
            <Group justify="space-between">
              <Title order={1} size="h2" c="indigo.7">
                kassa
              </Title>
              <LanguageMenu />
            </Group>
            <Title order={2} size="h4">
              {t('signIn.title')}
            </Title>
            {search.expired && (
              <Alert color="yellow" role="status">
                {t('signIn.expired')}
              </Alert>
            )}
            {failure && (
              <Alert color="red" role="alert">
                {failure}
              </Alert>
            )}
            <TextInput
              label={t('signIn.email')}
              type="email"
              autoComplete="username"
              required
              {...form.getInputProps('email')}
            />
            <PasswordInput
              label={t('signIn.password')}
              autoComplete="current-password"
              required
              {...form.getInputProps('password')}
            />
            {needsCode && (
              <TextInput
                label={t('signIn.code')}
                description={t('signIn.codeHelp')}
                inputMode="numeric"
                autoComplete="one-time-code"
                autoFocus
                {...form.getInputProps('totp_code')}
              />
            )}
            <Button type="submit" loading={form.submitting} fullWidth>
              {t('signIn.submit')}
            </Button>
          </Stack>
        </form>
      </Paper>
    </Center>
  );
}
