import { render, type VNode } from 'preact';
import type { ContentScriptContext } from 'wxt/utils/content-script-context';
import { createShadowRootUi, type ShadowRootContentScriptUi } from 'wxt/utils/content-script-ui/shadow-root';
import { findAnchor } from '../crm/detect';
import type { ContactRead, Placement } from '../crm/types';
import type { Language } from '../i18n/texts';
import { isUserGesture } from '../ui/user-gesture';
import type { ShownCard } from './contact-sync';
import { ButtonRoot, DialogRoot, SentPanelRoot } from './roots';

const place = (placement: Placement) => (anchor: Element, ui: Element) => {
  if (placement.append === 'before') anchor.before(ui);
  else if (placement.append === 'after') anchor.after(ui);
  else if (placement.append === 'first') anchor.prepend(ui);
  else anchor.append(ui);
};

/** Where the sent-SMS panel goes: the adapter's panel anchor, else after the button's anchor's parent. */
const panelAnchor = (card: ShownCard): Element | null => (card.adapter.panel && findAnchor(document, card.adapter.panel.anchor)) || card.anchor.parentElement;

/**
 * The card's three UIs, each in a closed shadow root: the SMS button among the page's actions, the
 * sent-SMS panel, the send dialog (the panel and the dialog are frames of the extension's own page).
 * They follow `target()`, the card on show; only a real click on the button calls `onOpen`.
 */
export async function mountCardUis(ctx: ContentScriptContext, css: string, options: { language: Language; target(): ShownCard | null; onOpen(): void }) {
  let language = options.language;
  /** The contact the open dialog is for: drawn again when the language changes. */
  let dialogFor: { contact: ContactRead; crmId: string } | null = null;
  const { target } = options;

  const ui = (name: string, anchor: () => Element | null, append: (anchor: Element, ui: Element) => void, draw: () => VNode) =>
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

  /** Counts the conversation's reads of its replies: the button asks for its mark again on each. */
  let readTick = 0;
  const drawButton = () => (
    <ButtonRoot language={language} crmId={target()?.crmId ?? null} readTick={readTick} onOpen={(event) => isUserGesture(event) && options.onOpen()} />
  );
  const onRepliesRead = () => {
    readTick++;
    if (buttonUi.mounted) render(drawButton(), buttonUi.mounted);
  };
  const drawPanel = () => <SentPanelRoot language={language} crmId={target()!.crmId} onRepliesRead={onRepliesRead} />;
  const drawDialog = (view: { contact: ContactRead; crmId: string }) => (
    <DialogRoot language={language} contact={view.contact} crmId={view.crmId} onClose={() => dialogUi.remove()} />
  );
  const buttonUi = await ui(
    'crm-sms-button',
    () => target()?.anchor ?? null,
    (a, el) => {
      const card = target();
      if (card) place(card.adapter.button)(a, el);
    },
    drawButton,
  );
  const panelUi = await ui(
    'crm-sms-panel',
    () => {
      const card = target();
      return card ? panelAnchor(card) : null;
    },
    (a, el) => {
      const panel = target()?.adapter.panel;
      if (panel && findAnchor(document, panel.anchor) === a) place(panel)(a, el);
      else a.after(el);
    },
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

  return {
    /** The button and the panel, for the card on show. */
    show(): void {
      buttonUi.mount();
      panelUi.mount();
    },
    hide(): void {
      dialogUi.remove();
      panelUi.remove();
      buttonUi.remove();
    },
    /** Whether the button is in the page (the page may have re-rendered it away). */
    get shown(): boolean {
      return buttonUi.shadowHost.isConnected;
    },
    /** Which adapter read the card, and which fields no rule found: on the button's host, for tests and support. */
    tag(adapter: string, missing: string[]): void {
      buttonUi.shadowHost.dataset.crmSmsAdapter = adapter;
      buttonUi.shadowHost.dataset.crmSmsMissing = missing.join(',');
    },
    openDialog(contact: ContactRead, crmId: string): void {
      dialogUi.mount();
      dialogFor = { contact, crmId };
      render(drawDialog(dialogFor), dialogUi.mounted!);
    },
    /** The options changed the language: what is shown is drawn again in it (the frames stay as they are). */
    setLanguage(next: Language): void {
      if (next === language) return;
      language = next;
      if (buttonUi.mounted) render(drawButton(), buttonUi.mounted);
      if (panelUi.mounted && target()) render(drawPanel(), panelUi.mounted);
      if (dialogUi.mounted && dialogFor) render(drawDialog(dialogFor), dialogUi.mounted);
    },
  };
}

export type CardUis = Awaited<ReturnType<typeof mountCardUis>>;
