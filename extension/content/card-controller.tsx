import { render } from 'preact';
import type { ContentScriptContext } from 'wxt/utils/content-script-context';
import { createShadowRootUi, type ShadowRootContentScriptUi } from 'wxt/utils/content-script-ui/shadow-root';
import { ADAPTERS } from '../crm/adapters';
import { detectAdapter, findAnchor } from '../crm/detect';
import { crmIdOf, missingFields, readContact, recordIdOf, toSnapshot } from '../crm/read-contact';
import type { AdapterServices, ContactRead, CrmAdapter, Placement } from '../crm/types';
import type { Language } from '../i18n/texts';
import { ask } from '../messaging/client';
import type { SiteConfig } from '../messaging/protocol';
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
  const language: Language = config.language;
  let shown: Shown | null = null;
  let readTimer: ReturnType<typeof setTimeout> | undefined;
  const upserted = new Map<string, string>();

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

  const buttonUi = await ui('crm-sms-button', () => shown?.anchor ?? null, (a, el) => shown && place(shown.adapter.button)(a, el), () => (
    <ButtonRoot language={language} onOpen={(event) => isUserGesture(event) && void openDialog()} />
  ));
  const panelUi = await ui(
    'crm-sms-panel',
    () => (shown ? (shown.adapter.panel && findAnchor(document, shown.adapter.panel.anchor)) || shown.anchor.parentElement : null),
    (a, el) => (shown?.adapter.panel && findAnchor(document, shown.adapter.panel.anchor) === a ? place(shown.adapter.panel)(a, el) : a.after(el)),
    () => <SentPanelRoot language={language} crmId={shown!.crmId} />,
  );
  const dialogUi: ShadowRootContentScriptUi<HTMLElement> = await createShadowRootUi(ctx, {
    name: 'crm-sms-dialog',
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
    const adapter = detectAdapter(ADAPTERS, url, document, { generic: config.generic });
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
    const read = await readContact(current.adapter, document, url, services);
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
    render(<DialogRoot language={language} contact={read} crmId={current.crmId} onClose={() => dialogUi.remove()} />, dialogUi.mounted!);
  }

  ctx.onInvalidated(hide);
  return { refresh };
}
