import { useEffect, useState } from 'preact/hooks';
import { browser } from 'wxt/browser';
import type { Language } from '../../i18n/texts';
import { settingsItem } from '../../settings/settings-item';

/** The UI language for extension pages: the setting, or the browser's. */
export function useLanguage(): Language {
  const browserLanguage: Language = browser.i18n.getUILanguage().toLowerCase().startsWith('ru') ? 'ru' : 'en';
  const [language, setLanguage] = useState<Language>(browserLanguage);
  useEffect(() => {
    void settingsItem.getValue().then((s) => setLanguage(s.language === 'auto' ? browserLanguage : s.language));
    return settingsItem.watch((s) => setLanguage(s.language === 'auto' ? browserLanguage : s.language));
  }, []);
  return language;
}
