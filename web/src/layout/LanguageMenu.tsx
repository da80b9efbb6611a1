import { Button, Menu } from '@mantine/core';
import type { Language } from '../format.ts';
import { LANGUAGES, useLanguage, useT } from '../i18n/i18n.tsx';

/** Each language named in itself, so a person finds their own whatever is shown now. */
export const LANGUAGE_NAMES: Record<Language, string> = {
  da: 'Dansk',
  sv: 'Svenska',
  de: 'Deutsch',
  en: 'English',
};

export function LanguageMenu() {
  const t = useT();
  const { language, setLanguage } = useLanguage();
  return (
    <Menu position="bottom-end" withinPortal>
      <Menu.Target>
        <Button
          variant="subtle"
          size="compact-sm"
          aria-label={`${language.toUpperCase()} · ${t('layout.language')}`}
        >
          {language.toUpperCase()}
        </Button>
      </Menu.Target>
      <Menu.Dropdown>
        {LANGUAGES.map((option) => (
          <Menu.Item
            key={option}
            lang={option}
            onClick={() => setLanguage(option)}
            fw={option === language ? 700 : undefined}
          >
            {LANGUAGE_NAMES[option]}
          </Menu.Item>
        ))}
      </Menu.Dropdown>
    </Menu>
  );
}
