import { MantineProvider } from '@mantine/core';
import { QueryClient, QueryClientProvider } from '@tanstack/react-query';
import { render } from '@testing-library/react';
import type { ReactNode } from 'react';
import type { Language } from '../format.ts';
import { LanguageProvider } from '../i18n/i18n.tsx';

/** A component as the app shows it: Mantine, TanStack Query and the texts of one language. */
export function renderInApp(node: ReactNode, language: Language = 'en') {
  const client = new QueryClient({ defaultOptions: { queries: { retry: false } } });
  return render(
    <MantineProvider>
      <QueryClientProvider client={client}>
        <LanguageProvider initial={language}>{node}</LanguageProvider>
      </QueryClientProvider>
    </MantineProvider>,
  );
}
