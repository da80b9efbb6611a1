import 'dayjs/locale/da';
import 'dayjs/locale/sv';
import 'dayjs/locale/de';
import 'dayjs/locale/en-gb';
import { DatesProvider } from '@mantine/dates';
import type { ReactNode } from 'react';
import { useLanguage } from './i18n.tsx';

/** Date pickers in the reader's language, weeks starting on Monday as in the Nordics and Germany. */
export function DatesLocale({ children }: { children: ReactNode }) {
  const { language } = useLanguage();
  return (
    <DatesProvider settings={{ locale: language === 'en' ? 'en-gb' : language, firstDayOfWeek: 1 }}>
      {children}
    </DatesProvider>
  );
}
