import { render } from 'preact';
import type { ContentScriptContext } from 'wxt/utils/content-script-context';
import { createShadowRootUi } from 'wxt/utils/content-script-ui/shadow-root';
import { ADAPTERS } from '../crm/adapters';
import { detectAdapter } from '../crm/detect';
import { detectListPage } from '../crm/read-list';
import { translate, type Language } from '../i18n/texts';
import type { SiteConfig } from '../messaging/protocol';
import { MailingsDrawer } from '../ui/components/MailingsDrawer';
import { isUserGesture } from '../ui/user-gesture';
import { MailingsRoot } from './roots';

/**
 * The in-page mailings panel: on CRM pages (a contact card or a contact list), a launcher in the
 * corner opens a drawer holding the extension's own mailings page — the same components as the popup,
 * running in the extension's context, so the page never sees the relay or its token. Launcher and
 * drawer sit in a closed shadow root; only a real click opens the drawer.
 */
export async function createMailingsLauncher(ctx: ContentScriptContext, config: SiteConfig, css: string) {
  let open = false;
  let mounted = false;
  let language: Language = config.language;
  const ui = await createShadowRootUi(ctx, {
    name: 'crm-sms-mailings',
    css,
    mode: 'closed',
    // The host itself is fixed in the corner (see style.css); it only has to be in the page.
    position: 'inline',
    anchor: () => document.body,
    append: 'last',
    onMount: (container) => {
      draw(container);
      return container;
    },
    onRemove: (container) => container && render(null, container),
  });

  function setOpen(next: boolean): void {
    open = next;
    if (ui.mounted) draw(ui.mounted);
  }

  function draw(container: HTMLElement): void {
    const label = translate(language, 'mailingsPanel');
    render(
      <MailingsDrawer
        open={open}
        launcherLabel={label}
        frame={open && <MailingsRoot language={language} onClose={() => setOpen(false)} />}
        onOpen={(event) => isUserGesture(event) && setOpen(true)}
      />,
      container,
    );
  }

  return {
    /** The options changed the language: the launcher (or the open drawer's frame title) is drawn again in it. */
    setLanguage(next: Language): void {
      language = next;
      if (ui.mounted) draw(ui.mounted);
    },
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
