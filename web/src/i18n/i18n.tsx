import { createContext, type ReactNode, useCallback, useContext, useEffect, useState } from 'react';
import { IntlProvider, useIntl } from 'react-intl';
import { type Language, LOCALES } from '../format.ts';
import { en, type MessageId } from './messages/en.ts';

export const LANGUAGES: readonly Language[] = ['da', 'sv', 'de', 'en'];
const STORAGE_KEY = 'kassa.language';
/** How a missing or broken text begins in the browser's console. */
export const I18N_ERROR = '[kassa i18n]';

/** Each language's texts are a chunk of their own, loaded when chosen; English is always there. */
const LOADERS: Record<Language, () => Promise<Record<MessageId, string>>> = {
  en: async () => en,
  da: async () => (await import('./messages/da.ts')).da,
  sv: async () => (await import('./messages/sv.ts')).sv,
  de: async () => (await import('./messages/de.ts')).de,
};

export function isLanguage(value: unknown): value is Language {
  return typeof value === 'string' && (LANGUAGES as readonly string[]).includes(value);
}

/** The language last chosen in this browser, else the browser's own if we have it, else English. */
function initialLanguage(): Language {
  const stored = globalThis.localStorage?.getItem(STORAGE_KEY);
  if (isLanguage(stored)) return stored;
  for (const tag of globalThis.navigator?.languages ?? []) {
    const base = tag.slice(0, 2).toLowerCase();
    if (isLanguage(base)) return base;
    if (base === 'nb' || base === 'no') return 'da';
  }
  return 'en';
}

interface LanguageState {
  language: Language;
  setLanguage(language: Language): void;
}

const LanguageContext = createContext<LanguageState>({ language: 'en', setLanguage: () => {} });

export function LanguageProvider({ children, initial }: { children: ReactNode; initial?: Language }) {
  const [language, setChosen] = useState<Language>(initial ?? initialLanguage);
  const [messages, setMessages] = useState<{ language: Language; texts: Record<MessageId, string> }>();
  useEffect(() => {
    let current = true;
    void LOADERS[language]().then((texts) => {
      if (current) setMessages({ language, texts });
    });
    document.documentElement.lang = language;
    return () => {
      current = false;
    };
  }, [language]);
  const setLanguage = useCallback((next: Language) => {
    globalThis.localStorage?.setItem(STORAGE_KEY, next);
    setChosen(next);
  }, []);
  if (!messages) return null;
  return (
    <LanguageContext.Provider value={{ language: messages.language, setLanguage }}>
      <IntlProvider
        locale={LOCALES[messages.language]}
        messages={messages.texts}
        defaultLocale="en-GB"
        // Reported in every build: a missing or broken text is a bug, and the browser tests listen for it.
        onError={(error) => console.error(`${I18N_ERROR} ${error.code}: ${error.message}`)}
      >
        {children}
      </IntlProvider>
    </LanguageContext.Provider>
  );
}

export function useLanguage() {
  return useContext(LanguageContext);
}

/** `t('accounts.title')` or `t('list.count', { count })`: a typed message id, an ICU message. */
export function useT() {
  const intl = useIntl();
  return useCallback(
    (id: MessageId, values?: Record<string, string | number | Date>) =>
      intl.formatMessage({ id, defaultMessage: en[id] }, values),
    [intl],
  );
}

export type { MessageId };
