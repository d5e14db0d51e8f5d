import { render } from 'preact';
import { browser } from 'wxt/browser';
import type { ContentScriptContext } from 'wxt/utils/content-script-context';
import { createShadowRootUi } from 'wxt/utils/content-script-ui/shadow-root';
import { ADAPTERS } from '../crm/adapters';
import { detectAdapter } from '../crm/detect';
import { detectListPage } from '../crm/read-list';
import { translate } from '../i18n/texts';
import type { SiteConfig } from '../messaging/protocol';
import { MailingsDrawer } from '../ui/components/MailingsDrawer';

/** The popup's page in panel mode: it then talks to this tab and takes the drawer's size. */
export const PANEL_PATH = '/popup.html?panel';

/**
 * The in-page mailings panel: on CRM pages (a contact card or a contact list), a launcher in the
 * corner opens a drawer holding the extension's own mailings page — the same components as the popup,
 * running in the extension's context, so the page never sees the relay or its token.
 */
export async function createMailingsLauncher(ctx: ContentScriptContext, config: SiteConfig, css: string) {
  let open = false;
  let mounted = false;
  const src = browser.runtime.getURL(PANEL_PATH as '/popup.html');
  const ui = await createShadowRootUi(ctx, {
    name: 'crm-sms-mailings',
    css,
    // The launcher and drawer are position: fixed themselves; the host only has to be in the page.
    position: 'inline',
    anchor: () => document.body,
    append: 'last',
    onMount: (container) => {
      draw(container);
      return container;
    },
    onRemove: (container) => container && render(null, container),
  });

  function draw(container: HTMLElement): void {
    render(
      <MailingsDrawer
        open={open}
        launcherLabel={translate(config.language, 'mailingsPanel')}
        closeLabel={translate(config.language, 'close')}
        src={src}
        onToggle={() => {
          open = !open;
          draw(container);
        }}
      />,
      container,
    );
  }

  return {
    /** Shown on pages a CRM adapter recognises; kept open across the CRM's own navigation. */
    refresh(): void {
      const url = new URL(location.href);
      const crmPage = detectAdapter(ADAPTERS, url, document, { generic: false }) !== null || detectListPage(ADAPTERS, url, document) !== null;
      if ((crmPage || open) && !mounted) {
        ui.mount();
        mounted = true;
      } else if (!crmPage && !open && mounted) {
        ui.remove();
        mounted = false;
      }
    },
  };
}
