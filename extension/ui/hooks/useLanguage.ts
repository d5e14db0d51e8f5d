import { useEffect, useState } from 'preact/hooks';
import { browser } from 'wxt/browser';
import type { Language } from '../../i18n/texts';
import { settingsItem } from '../../settings/settings-item';

/**
 * The UI language: the setting, or the browser's. It follows the setting as it changes (the options
 * page saves it to storage, and every extension page and CRM tab hears the change at once). `initial`
 * is what to show until the setting is read (a CRM tab knows it from the background already).
 */
export function useLanguage(initial?: Language): Language {
  const browserLanguage: Language = browser.i18n.getUILanguage().toLowerCase().startsWith('ru') ? 'ru' : 'en';
  const [language, setLanguage] = useState<Language>(initial ?? browserLanguage);
  useEffect(() => {
    // A change heard before the first read answers is newer than what that read returns.
    let heard = false;
    void settingsItem.getValue().then((s) => heard || setLanguage(s.language === 'auto' ? browserLanguage : s.language));
    return settingsItem.watch((s) => {
      heard = true;
      setLanguage(s.language === 'auto' ? browserLanguage : s.language);
    });
  }, []);
  return language;
}
