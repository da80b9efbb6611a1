import { createContext, type ReactNode, useCallback, useContext, useEffect, useState } from 'react';
import { IntlProvider, useIntl } from 'react-intl';
import { type Language, LOCALES } from '../format.ts';
import { en, type PortalMessageId } from './messages/en.ts';

export const PORTAL_LANGUAGES: readonly Language[] = ['da', 'sv', 'de', 'en'];
export const LANGUAGE_NAMES: Record<Language, string> = {
  da: 'Dansk',
  sv: 'Svenska',
  de: 'Deutsch',
  en: 'English',
};

const LOADERS: Record<Language, () => Promise<Record<PortalMessageId, string>>> = {
  en: async () => en,
  da: async () => (await import('./messages/da.ts')).da,
  sv: async () => (await import('./messages/sv.ts')).sv,
  de: async () => (await import('./messages/de.ts')).de,
};

export function asLanguage(value: unknown): Language | null {
  return typeof value === 'string' && (PORTAL_LANGUAGES as readonly string[]).includes(value)
    ? (value as Language)
    : null;
}

/** The browser's language if the portal speaks it (Norwegian reads Danish), else English. */
export function browserLanguage(): Language {
  for (const tag of globalThis.navigator?.languages ?? []) {
    const base = tag.slice(0, 2).toLowerCase();
    const known = asLanguage(base);
    if (known) return known;
    if (base === 'nb' || base === 'no' || base === 'nn') return 'da';
  }
  return 'en';
}

interface LanguageState {
  language: Language;
  setLanguage(language: Language): void;
}
const LanguageContext = createContext<LanguageState>({ language: 'en', setLanguage: () => {} });

/** The portal's texts in one language, switchable; the account's own language comes in as `language`. */
export function PortalIntl({ language: wanted, children }: { language: Language; children: ReactNode }) {
  const [language, setLanguage] = useState<Language>(wanted);
  const [texts, setTexts] = useState<{ language: Language; messages: Record<string, string> }>();
  useEffect(() => setLanguage(wanted), [wanted]);
  useEffect(() => {
    let current = true;
    void LOADERS[language]().then((messages) => {
      if (current) setTexts({ language, messages });
    });
    document.documentElement.lang = language;
    return () => {
      current = false;
    };
  }, [language]);
  if (!texts) return null;
  return (
    <LanguageContext.Provider value={{ language: texts.language, setLanguage }}>
      <IntlProvider locale={LOCALES[texts.language]} messages={texts.messages} defaultLocale="en-GB">
        {children}
      </IntlProvider>
    </LanguageContext.Provider>
  );
}

export function usePortalLanguage() {
  return useContext(LanguageContext);
}

export function usePortalT() {
  const intl = useIntl();
  return useCallback(
    (id: PortalMessageId, values?: Record<string, string | number | Date>) =>
      intl.formatMessage({ id, defaultMessage: en[id] }, values),
    [intl],
  );
}
