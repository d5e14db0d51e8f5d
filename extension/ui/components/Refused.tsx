import { browser } from 'wxt/browser';
import { translate } from '../../i18n/texts';

/** What an extension page shows when it was not opened by the extension (framed or opened by a site, no ticket). */
export function Refused() {
  const language = browser.i18n.getUILanguage().toLowerCase().startsWith('ru') ? 'ru' : 'en';
  return (
    <p class="error" data-crm-sms="refused">
      {translate(language, 'refused')}
    </p>
  );
}
