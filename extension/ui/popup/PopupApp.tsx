import { browser } from 'wxt/browser';
import { translateMailing } from '../../i18n/texts';
import { useLanguage } from '../hooks/useLanguage';
import { usePageMode } from '../hooks/usePageMode';
import { useRoute } from '../hooks/useRoute';
import { MailingRoot } from './MailingRoot';
import { RegistryRoot } from './RegistryRoot';
import { StopListRoot } from './StopListRoot';

/**
 * The popup page («СМС рассылки»): the registry, a mailing card or the «Стоп-лист»; the same page opens as a tab at full
 * width, and in the drawer of a CRM page (an in-page frame), where `onClose` closes the drawer.
 */
export function PopupApp({ onClose }: { onClose?(): void } = {}) {
  const language = useLanguage();
  const mode = usePageMode();
  const { route, go } = useRoute();
  return (
    <main class="app">
      <header class="app-head">
        {/* In a CRM page's drawer the launcher and the registry already say «СМС рассылки»: no second title above. */}
        {!mode.inPanel && <h1>CRM SMS</h1>}
        <span class="spacer" />
        {!mode.inTab && !mode.inPanel && (
          <button type="button" class="link" data-crm-sms="open-in-tab" onClick={() => void mode.openInTab()}>
            {translateMailing(language, 'openInTab')}
          </button>
        )}
        <button type="button" class="link" onClick={() => void browser.runtime.openOptionsPage()}>
          {translateMailing(language, 'openOptions')}
        </button>
        {onClose && (
          <button
            type="button"
            class="link panel-close"
            data-crm-sms="mailings-drawer-close"
            aria-label={translateMailing(language, 'close')}
            title={translateMailing(language, 'close')}
            onClick={onClose}
          >
            ×
          </button>
        )}
      </header>
      {route.view === 'list' && <RegistryRoot language={language} onOpen={(id) => go({ view: 'mailing', id })} onStopList={() => go({ view: 'stop-list' })} />}
      {route.view === 'mailing' && (
        <MailingRoot language={language} id={route.id} onBack={() => go({ view: 'list' })} onCreated={(id) => go({ view: 'mailing', id }, { replace: true })} />
      )}
      {route.view === 'stop-list' && <StopListRoot language={language} onBack={() => go({ view: 'list' })} />}
    </main>
  );
}
