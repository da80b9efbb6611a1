import {
  Button,
  Container,
  createTheme,
  type MantineColorsTuple,
  MantineProvider,
  Paper,
  Stack,
  Text,
  Title,
} from '@mantine/core';
import { Notifications } from '@mantine/notifications';
import { useQuery } from '@tanstack/react-query';
import { useEffect, useMemo, useState } from 'react';
import { ApiError, api, data, setCsrfToken, whenUnauthenticated } from '../api/client.ts';
import { readableColours } from '../readable-colours.ts';
import { PortalHome } from './PortalHome.tsx';
import { asLanguage, browserLanguage, PortalIntl, usePortalT } from './portal-i18n.tsx';
import { organizationOfPage, PORTAL_ROOT, routeOf, usePortalPath } from './portal-path.ts';
import { RequestLinkForm } from './RequestLinkForm.tsx';

const FONT = 'system-ui, -apple-system, "Segoe UI", Roboto, "Helvetica Neue", Arial, sans-serif';

/** The organization's colour as Mantine's ten shades: lighter and darker mixes of the one colour. */
function shadesOf(hex: string): MantineColorsTuple {
  const rgb = [1, 3, 5].map((i) => Number.parseInt(hex.slice(i, i + 2), 16));
  const mix = (to: number, share: number) =>
    `#${rgb
      .map((c) =>
        Math.round(c + (to - c) * share)
          .toString(16)
          .padStart(2, '0'),
      )
      .join('')}`;
  return [
    mix(255, 0.92),
    mix(255, 0.8),
    mix(255, 0.64),
    mix(255, 0.46),
    mix(255, 0.28),
    mix(255, 0.12),
    hex,
    mix(0, 0.12),
    mix(0, 0.24),
    mix(0, 0.36),
  ] as unknown as MantineColorsTuple;
}

function themeFor(colour: string | null | undefined) {
  return createTheme({
    fontFamily: FONT,
    defaultRadius: 'md',
    // Without the organization's colour (and on the pages before a session), a teal dark enough for
    // white text at WCAG AA contrast.
    ...(colour
      ? { colors: { brand: shadesOf(colour) }, primaryColor: 'brand', primaryShade: 6 as const }
      : { primaryColor: 'teal', primaryShade: 9 as const }),
  });
}

const MESSAGES = {
  link: ['link.invalidTitle', 'link.invalidText'],
  session: ['session.endedTitle', 'session.endedText'],
  request: ['requestLink.title', null],
} as const;

/**
 * A page that explains, in the reader's language, why there is nothing to show; where the
 * organization is known (?organization=…), it offers a new link by e-mail.
 */
function MessagePage({ title }: { title: keyof typeof MESSAGES }) {
  const t = usePortalT();
  const [heading, body] = MESSAGES[title];
  const organization = organizationOfPage();
  return (
    <Container size="sm" py={64}>
      <Paper withBorder p="xl" radius="md">
        <Stack gap="md">
          <Title order={1} size="h2">
            {t(heading)}
          </Title>
          {body ? <Text c="dimmed">{t(body)}</Text> : null}
          {organization ? <RequestLinkForm organization={organization} /> : null}
        </Stack>
      </Paper>
    </Container>
  );
}

export function PortalApp() {
  const [path, navigate] = usePortalPath();
  const route = routeOf(path);
  const [ended, setEnded] = useState(false);
  useEffect(() => whenUnauthenticated(() => setEnded(true)), []);
  const session = useQuery({
    queryKey: ['portal-session'],
    queryFn: () => data(api.GET('/api/self-service/session')),
    enabled: route.page !== 'link-invalid' && route.page !== 'request-link',
    retry: false,
    staleTime: Number.POSITIVE_INFINITY,
  });
  // Set while rendering, not in an effect: children's effects run first, and a page that writes as it
  // opens (back from a gateway with a new card) needs the token already.
  setCsrfToken(session.data?.csrf_token ?? null);
  const theme = useMemo(
    () => themeFor(session.data?.organization.colour),
    [session.data?.organization.colour],
  );
  const language = asLanguage(session.data?.account.language) ?? browserLanguage();
  const signedOut =
    ended || (session.error instanceof ApiError && session.error.status === 401) || session.data === null;

  let content: React.ReactNode = null;
  if (route.page === 'link-invalid') content = <MessagePage title="link" />;
  else if (route.page === 'request-link') content = <MessagePage title="request" />;
  else if (signedOut) content = <MessagePage title="session" />;
  else if (session.data) {
    content =
      route.page === 'not-found' ? (
        <NotFound onBack={() => navigate(PORTAL_ROOT)} />
      ) : (
        <PortalHome
          session={session.data}
          route={route}
          navigate={navigate}
          onSignedOut={() => setEnded(true)}
        />
      );
  } else if (session.error) content = <MessagePage title="session" />;

  return (
    <MantineProvider theme={theme} cssVariablesResolver={readableColours}>
      <Notifications position="top-center" />
      <PortalIntl language={language}>{content}</PortalIntl>
    </MantineProvider>
  );
}

export function NotFound({ onBack }: { onBack: () => void }) {
  const t = usePortalT();
  return (
    <Container size="sm" py={64}>
      <Paper withBorder p="xl" radius="md">
        <Stack gap="sm" align="flex-start">
          <Title order={1} size="h2">
            {t('notFound.title')}
          </Title>
          <Text c="dimmed">{t('notFound.text')}</Text>
          <Button variant="light" onClick={onBack}>
            {t('notFound.back')}
          </Button>
        </Stack>
      </Paper>
    </Container>
  );
}
