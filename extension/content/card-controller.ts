import type { ContentScriptContext } from 'wxt/utils/content-script-context';
import { ADAPTERS } from '../crm/adapters';
import { detectCard } from '../crm/detect-card';
import { readContact } from '../crm/read-contact';
import { ask } from '../messaging/client';
import type { SiteConfig } from '../messaging/protocol';
import { cardServices, loadOverrides, onOverridesChanged, presentGlobals } from './card-page-services';
import { mountCardUis } from './card-uis';
import { createContactSync, type ShownCard } from './contact-sync';
import { createHealthReporter } from './read-health-reporter';

/**
 * One contact card at a time: follows the page as it re-renders and navigates — exactly one SMS button
 * on a contact page, none elsewhere — and keeps the contact on show synced with the relay. Detection
 * (detectCard), the contact's sync (contact-sync) and the UIs (card-uis) are each their own module.
 */
export async function createCardController(ctx: ContentScriptContext, config: SiteConfig, css: string) {
  let current: ShownCard | null = null;
  const [loaded, globals] = await Promise.all([loadOverrides(), presentGlobals()]);
  let overrides = loaded;
  const health = createHealthReporter({ send: (report) => void ask('reportReadHealth', report) });
  const sync = createContactSync({
    readContact: (adapter, url, override) => readContact(adapter, document, url, cardServices, override),
    upsertContact: async (crmId, snapshot) => (await ask('upsertContact', { crmId, snapshot })).ok,
    overrideFor: (adapter) => overrides.find((o) => o.adapter === adapter.id) ?? null,
    isCurrent: (card) => current === card,
    onRead(card, read, missing) {
      if (card.adapter.optIn && !uis.shown) uis.show();
      uis.tag(read.adapter, missing);
    },
    onNoContact(card) {
      if (card.adapter.optIn) hide();
    },
    health,
    url: () => new URL(location.href),
  });
  const uis = await mountCardUis(ctx, css, { language: config.language, target: () => current, onOpen: () => void openDialog() });

  function hide(): void {
    sync.cancel();
    uis.hide();
    current = null;
  }

  /** Called on every change of the page: cheap checks first, the contact read later. */
  function refresh(): void {
    // A site taught to the generic adapter (an override for `generic`) has it on even with the generic mode off.
    const taught = overrides.some((override) => override.adapter === 'generic');
    const card = detectCard(new URL(location.href), document, ADAPTERS, { generic: config.generic || taught, globals });
    if (!card) return hide();
    if (current?.key === card.key && current.anchor === card.anchor && uis.shown) return sync.schedule(current);
    const sameContact = current?.key === card.key;
    hide();
    current = { ...card, crmId: card.key, read: null };
    if (!card.adapter.optIn) uis.show();
    if (!sameContact) sync.forget(card.key);
    sync.schedule(current);
  }

  async function openDialog(): Promise<void> {
    sync.cancel();
    const card = current;
    const read = (card && (await sync.read(card))) ?? current?.read;
    if (!read || !current) return;
    uis.openDialog(read, current.crmId);
  }

  // Another tab saved an override, or the relay served a changed one: read the card again with it.
  const stopWatchingOverrides = onOverridesChanged(() => {
    void loadOverrides().then((fresh) => {
      overrides = fresh;
      if (ctx.isValid) refresh();
    });
  });
  // Leaving the page: the card read last is counted now, not never.
  ctx.addEventListener(window, 'pagehide', () => health.flush());
  ctx.onInvalidated(() => {
    stopWatchingOverrides();
    health.flush();
    hide();
  });
  return { refresh, setLanguage: uis.setLanguage };
}
