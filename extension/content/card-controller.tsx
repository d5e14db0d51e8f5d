import { render } from 'preact';
import { browser } from 'wxt/browser';
import type { ContentScriptContext } from 'wxt/utils/content-script-context';
import type { SiteOverride } from '../../shared/adapter-overrides';
import { createShadowRootUi, type ShadowRootContentScriptUi } from 'wxt/utils/content-script-ui/shadow-root';
import { ADAPTERS } from '../crm/adapters';
import { detectAdapter, findAnchor, globalMarkersOf } from '../crm/detect';
import { crmIdOf, missingFields, readContact, recordIdOf, toSnapshot } from '../crm/read-contact';
import type { AdapterServices, ContactRead, CrmAdapter, Placement } from '../crm/types';
import type { Language } from '../i18n/texts';
import { ask } from '../messaging/client';
import type { SiteConfig } from '../messaging/protocol';
import { cardOutcome } from '../services/read-health';
import { OVERRIDES_STORAGE_PREFIX, withoutBrokenSelectors } from '../services/site-override-rules';
import { isUserGesture } from '../ui/user-gesture';
import { readPageGlobals } from './page-globals-client';
import { ButtonRoot, DialogRoot, SentPanelRoot } from './roots';

interface Shown {
  key: string;
  adapter: CrmAdapter;
  anchor: Element;
  crmId: string;
  read: ContactRead | null;
}

const services: AdapterServices = {
  async findPhonesInText(text) {
    const result = await ask('findPhonesInText', { text });
    return result.ok ? result.value : [];
  },
  readPageGlobals,
};

/** Whether this page's engine can parse a selector (an override's typo must not stop the whole read). */
const parses = (selector: string): boolean => {
  try {
    document.createDocumentFragment().querySelector(selector);
    return true;
  } catch {
    return false;
  }
};

/** The site's reading overrides (one per adapter), as the background merged them. */
async function loadOverrides(): Promise<SiteOverride[]> {
  const result = await ask('siteOverrides', {});
  return result.ok ? result.value.map((override) => withoutBrokenSelectors(override, parses)) : [];
}

/**
 * Which of the adapters' page-script markers (Bitrix24's `BX`, Creatio's `Terrasoft`…) this page has: asked
 * once per page. The helper answers strings and numbers only, so an object or a function is asked for by its
 * constructor's name, which every ordinary one has.
 */
async function presentGlobals(): Promise<ReadonlySet<string>> {
  const markers = globalMarkersOf(ADAPTERS);
  if (markers.length === 0) return new Set();
  const values = await readPageGlobals(markers.flatMap((marker) => [marker, `${marker}.constructor.name`]));
  return new Set(markers.filter((marker) => values[marker] || values[`${marker}.constructor.name`]));
}

/** A card's health goes to the background once, this long after its first read (fields still rendering get their chance). */
const HEALTH_AFTER_MS = 2_000;

const place = (placement: Placement) => (anchor: Element, ui: Element) => {
  if (placement.append === 'before') anchor.before(ui);
  else if (placement.append === 'after') anchor.after(ui);
  else if (placement.append === 'first') anchor.prepend(ui);
  else anchor.append(ui);
};

/**
 * One contact card at a time: the SMS button among the page's actions, the sent-SMS panel, the send
 * dialog. Follows the page as it re-renders and navigates: exactly one button on a contact page,
 * none elsewhere. Each sits in a closed shadow root; the panel and the dialog are frames of the
 * extension's own page, and only a real click on the button opens the dialog.
 */
export async function createCardController(ctx: ContentScriptContext, config: SiteConfig, css: string) {
  let language: Language = config.language;
  let shown: Shown | null = null;
  /** The contact the open dialog is for: drawn again when the language changes. */
  let dialogFor: { contact: ContactRead; crmId: string } | null = null;
  let readTimer: ReturnType<typeof setTimeout> | undefined;
  const upserted = new Map<string, string>();
  const [loaded, globals] = await Promise.all([loadOverrides(), presentGlobals()]);
  let overrides = loaded;
  const health = healthReporter();

  const ui = (name: string, anchor: () => Element | null, append: (anchor: Element, ui: Element) => void, draw: () => preact.VNode) =>
    createShadowRootUi(ctx, {
      name,
      css,
      mode: 'closed',
      position: 'inline',
      anchor,
      append,
      onMount: (container) => {
        render(draw(), container);
        return container;
      },
      onRemove: (container) => container && render(null, container),
    });

  const drawButton = () => <ButtonRoot language={language} onOpen={(event) => isUserGesture(event) && void openDialog()} />;
  const drawPanel = () => <SentPanelRoot language={language} crmId={shown!.crmId} />;
  const drawDialog = (view: { contact: ContactRead; crmId: string }) => (
    <DialogRoot language={language} contact={view.contact} crmId={view.crmId} onClose={() => dialogUi.remove()} />
  );
  const buttonUi = await ui('crm-sms-button', () => shown?.anchor ?? null, (a, el) => shown && place(shown.adapter.button)(a, el), drawButton);
  const panelUi = await ui(
    'crm-sms-panel',
    () => (shown ? (shown.adapter.panel && findAnchor(document, shown.adapter.panel.anchor)) || shown.anchor.parentElement : null),
    (a, el) => (shown?.adapter.panel && findAnchor(document, shown.adapter.panel.anchor) === a ? place(shown.adapter.panel)(a, el) : a.after(el)),
    drawPanel,
  );
  const dialogUi: ShadowRootContentScriptUi<HTMLElement> = await createShadowRootUi(ctx, {
    name: 'crm-sms-dialog',
    // style.css makes this host a stacking context above the mailings launcher (:host(crm-sms-dialog)).
    css,
    mode: 'closed',
    position: 'modal',
    zIndex: 2147483000,
    onMount: (container) => container,
    onRemove: (container) => container && render(null, container),
  });

  function hide(): void {
    clearTimeout(readTimer);
    dialogUi.remove();
    panelUi.remove();
    buttonUi.remove();
    shown = null;
  }

  /** Called on every change of the page: cheap checks first, the contact read later. */
  function refresh(): void {
    const url = new URL(location.href);
    // A site taught to the generic adapter (an override for `generic`) has it on even with the generic mode off.
    const taught = overrides.some((override) => override.adapter === 'generic');
    const adapter = detectAdapter(ADAPTERS, url, document, { generic: config.generic || taught, globals });
    const recordId = adapter && recordIdOf(adapter, url, document);
    const anchor = adapter && recordId && document.querySelector(adapter.ready) ? findAnchor(document, adapter.button.anchor) : null;
    if (!adapter || !recordId || !anchor) return hide();
    const key = `${adapter.id}:${url.host}:${recordId}`;
    if (shown?.key === key && shown.anchor === anchor && buttonUi.shadowHost.isConnected) return scheduleRead();
    const sameContact = shown?.key === key;
    hide();
    shown = { key, adapter, anchor, crmId: key, read: null };
    if (!adapter.optIn) {
      buttonUi.mount();
      panelUi.mount();
    }
    if (!sameContact) upserted.delete(key);
    scheduleRead();
  }

  function scheduleRead(): void {
    clearTimeout(readTimer);
    readTimer = setTimeout(() => void readShown(), 150);
  }

  async function readShown(): Promise<ContactRead | null> {
    const current = shown;
    if (!current) return null;
    const url = new URL(location.href);
    const override = overrides.find((o) => o.adapter === current.adapter.id) ?? null;
    const read = await readContact(current.adapter, document, url, services, override);
    if (shown !== current) return null;
    if (!read) {
      if (current.adapter.optIn) hide();
      return null;
    }
    current.read = read;
    current.crmId = crmIdOf(read, url);
    if (current.adapter.optIn && !buttonUi.shadowHost.isConnected) {
      buttonUi.mount();
      panelUi.mount();
    }
    const missing = missingFields(read);
    buttonUi.shadowHost.dataset.crmSmsAdapter = read.adapter;
    buttonUi.shadowHost.dataset.crmSmsMissing = missing.join(',');
    // Hidden unless the console shows "Verbose": where each field came from, and what no rule found.
    console.debug(`[crm-sms] ${read.adapter}: read`, read.provenance, missing.length > 0 ? `no rule found: ${missing.join(', ')}` : '');
    health.note(current.key, read.adapter, cardOutcome(read, current.adapter, override));
    await upsert(current.crmId, toSnapshot(read, url));
    return read;
  }

  async function upsert(crmId: string, snapshot: ReturnType<typeof toSnapshot>): Promise<void> {
    const json = JSON.stringify(snapshot);
    if (upserted.get(crmId) === json) return;
    upserted.set(crmId, json);
    const result = await ask('upsertContact', { crmId, snapshot });
    if (!result.ok) upserted.delete(crmId);
  }

  async function openDialog(): Promise<void> {
    clearTimeout(readTimer);
    const read = (await readShown()) ?? shown?.read;
    const current = shown;
    if (!read || !current) return;
    dialogUi.mount();
    dialogFor = { contact: read, crmId: current.crmId };
    render(drawDialog(dialogFor), dialogUi.mounted!);
  }

  /** The options changed the language: what is shown is drawn again in it (the frames stay as they are). */
  function setLanguage(next: Language): void {
    if (next === language) return;
    language = next;
    if (buttonUi.mounted) render(drawButton(), buttonUi.mounted);
    if (panelUi.mounted && shown) render(drawPanel(), panelUi.mounted);
    if (dialogUi.mounted && dialogFor) render(drawDialog(dialogFor), dialogUi.mounted);
  }

  /** Another tab saved an override, or the relay served a changed one: read the card again with it. */
  const onStorage = (changes: Record<string, unknown>, area: string) => {
    if (area !== 'local' || !Object.keys(changes).some((key) => key.startsWith(OVERRIDES_STORAGE_PREFIX))) return;
    void loadOverrides().then((fresh) => {
      overrides = fresh;
      if (ctx.isValid) refresh();
    });
  };
  browser.storage.onChanged.addListener(onStorage);
  // Leaving the page: the card read last is counted now, not never.
  ctx.addEventListener(window, 'pagehide', () => health.flush());

  ctx.onInvalidated(() => {
    browser.storage.onChanged.removeListener(onStorage);
    health.flush();
    hide();
  });
  return { refresh, setLanguage };
}

/**
 * Selector health, once per card per page load: the card's latest read a moment after its first
 * one (or when another card is opened first) — not on every re-render.
 */
function healthReporter() {
  const reported = new Set<string>();
  let pending: { key: string; adapter: string; fields: ReturnType<typeof cardOutcome> } | null = null;
  let timer: ReturnType<typeof setTimeout> | undefined;
  const flush = () => {
    clearTimeout(timer);
    if (!pending) return;
    const { key, adapter, fields } = pending;
    pending = null;
    reported.add(key);
    void ask('reportReadHealth', { adapter, fields });
  };
  return {
    note(key: string, adapter: string, fields: ReturnType<typeof cardOutcome>): void {
      if (reported.has(key)) return;
      if (pending && pending.key !== key) flush();
      if (!pending) timer = setTimeout(flush, HEALTH_AFTER_MS);
      pending = { key, adapter, fields };
    },
    flush,
  };
}
