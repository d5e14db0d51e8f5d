import { ask } from '../../messaging/client';
import { createCardController } from '../../content/card-controller';
import { createMailingsLauncher } from '../../content/mailings-launcher';
import { listenForTabRequests } from '../../content/list-page-responder';
import { watchPage } from '../../content/page-watcher';
import css from './style.css?inline';

/** Runs on the CRM sites the user enabled (registered at run time by the background). */
export default defineContentScript({
  registration: 'runtime',
  matches: ['http://127.0.0.1/*', 'http://localhost/*'],
  // Styles go into our shadow roots as text: no fetch, nothing web-accessible, nothing on the page itself.
  cssInjectionMode: 'manual',
  async main(ctx) {
    const config = await ask('siteConfig', { origin: location.origin });
    if (!config.ok || !config.value.enabled) return;
    listenForTabRequests(ctx);
    const controller = await createCardController(ctx, config.value, css);
    // The mailings launcher belongs to the CRM's window, not to the frames inside it (Bitrix24's side panel).
    const launcher = window.top === window ? await createMailingsLauncher(ctx, config.value, css) : null;
    watchPage(ctx, () => {
      controller.refresh();
      launcher?.refresh();
    });
  },
});
