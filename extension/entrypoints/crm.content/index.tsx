import { browser } from 'wxt/browser';
import { ask } from '../../messaging/client';
import { createCardController } from '../../content/card-controller';
import { listenForFrameEvents } from '../../content/frame-events';
import { createMailingsLauncher } from '../../content/mailings-launcher';
import { listenForTabRequests } from '../../content/list-page-responder';
import { watchPage } from '../../content/page-watcher';
import { createTeachController } from '../../content/teach/teach-controller';
import { listenForTeachRequests } from '../../content/teach/teach-responder';
import css from './style.css?inline';

/** Runs on the CRM sites the user enabled (registered at run time by the background). */
export default defineContentScript({
  registration: 'runtime',
  matches: ['http://127.0.0.1/*', 'http://localhost/*'],
  // Styles go into our shadow roots as text: no fetch, nothing web-accessible, nothing on the page itself.
  cssInjectionMode: 'manual',
  // WXT would otherwise announce the script to the page with a window message naming the extension's id.
  noScriptStartedPostMessage: true,
  async main(ctx) {
    // The background judges the site by this frame's exact origin as the browser reports it (Firefox's
    // match patterns cannot name a port, so the script may run on another port of an enabled host).
    const config = await ask('siteConfig', {});
    if (!config.ok || !config.value.enabled) return;
    listenForTabRequests(ctx);
    listenForFrameEvents(ctx);
    const controller = await createCardController(ctx, config.value, css);
    // The mailings launcher belongs to the CRM's window, not to the frames inside it (Bitrix24's side panel).
    const launcher = window.top === window ? await createMailingsLauncher(ctx, config.value, css) : null;
    // «Настроить чтение страницы», started from the popup (which asks the tab's top frame).
    if (window.top === window) {
      const teach = await createTeachController(ctx, config.value);
      listenForTeachRequests(ctx, teach.start);
    }
    // The options saved another language: the background says which it is now, and what is shown follows.
    const onSettings = (changes: Record<string, unknown>, area: string) => {
      if (area !== 'local' || !('settings' in changes)) return;
      void ask('siteConfig', {}).then((fresh) => {
        if (!fresh.ok || !ctx.isValid) return;
        controller.setLanguage(fresh.value.language);
        launcher?.setLanguage(fresh.value.language);
      });
    };
    browser.storage.onChanged.addListener(onSettings);
    ctx.onInvalidated(() => browser.storage.onChanged.removeListener(onSettings));
    watchPage(ctx, () => {
      controller.refresh();
      launcher?.refresh();
    });
  },
});
