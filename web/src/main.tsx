import '@mantine/core/styles.css';
import '@mantine/notifications/styles.css';
import '@mantine/dates/styles.css';
import { createTheme, MantineProvider, Modal } from '@mantine/core';
import { ModalsProvider } from '@mantine/modals';
import { Notifications } from '@mantine/notifications';
import { QueryClient, QueryClientProvider } from '@tanstack/react-query';
import { RouterProvider } from '@tanstack/react-router';
import { type ReactNode, StrictMode, useMemo } from 'react';
import { createRoot } from 'react-dom/client';
import { ApiError, whenUnauthenticated } from './api/client.ts';
import { sessionQuery } from './api/session.ts';
import { DatesLocale } from './i18n/DatesLocale.tsx';
import { LanguageProvider, useT } from './i18n/i18n.tsx';
import { readableColours } from './readable-colours.ts';
import { createAppRouter } from './router.tsx';

const theme = createTheme({
  primaryColor: 'indigo',
  // indigo.7: white on it reads at 4.9:1 (indigo.6 only 4.1)
  primaryShade: 7,
  defaultRadius: 'md',
  fontFamily: 'system-ui, -apple-system, "Segoe UI", Roboto, "Helvetica Neue", Arial, sans-serif',
  // Notifications close by themselves; their close button would be a button without a name (axe).
  components: { Notification: { defaultProps: { withCloseButton: false } } },
});

/** Every dialog's close button named in the reader's language (axe: a button needs a name). */
function NamedCloseButtons({ children }: { children: ReactNode }) {
  const t = useT();
  const named = useMemo(
    () =>
      createTheme({
        ...theme,
        components: {
          ...theme.components,
          Modal: Modal.extend({ defaultProps: { closeButtonProps: { 'aria-label': t('common.close') } } }),
        },
      }),
    [t],
  );
  return (
    <MantineProvider theme={named} cssVariablesResolver={readableColours}>
      {children}
    </MantineProvider>
  );
}

const queryClient = new QueryClient({
  defaultOptions: {
    queries: {
      staleTime: 15_000,
      retry: (count, error) => !(error instanceof ApiError && error.status < 500) && count < 2,
    },
  },
});
const router = createAppRouter(queryClient);

// A session that ended (expired, signed out elsewhere) is forgotten: the layout then sends the person
// to the sign-in page, which brings them back here.
whenUnauthenticated(() => {
  if (queryClient.getQueryData(sessionQuery.queryKey)) queryClient.setQueryData(sessionQuery.queryKey, null);
});

createRoot(document.getElementById('root') as HTMLElement).render(
  <StrictMode>
    <QueryClientProvider client={queryClient}>
      <LanguageProvider>
        <NamedCloseButtons>
          {/* Top centre, as in the portal: never over a form's Save or a page's buttons. */}
          <Notifications position="top-center" />
          <DatesLocale>
            <ModalsProvider>
              <RouterProvider router={router} />
            </ModalsProvider>
          </DatesLocale>
        </NamedCloseButtons>
      </LanguageProvider>
    </QueryClientProvider>
  </StrictMode>,
);
