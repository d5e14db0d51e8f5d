import type { ContentScriptContext } from 'wxt/utils/content-script-context';
import { createShadowRootUi } from 'wxt/utils/content-script-ui/shadow-root';
import { isUserGesture } from '../../ui/user-gesture';

export interface PickHandlers {
  onPick(element: Element): void;
  onCancel(): void;
}

/** The page element under a point: the topmost one that is the page's, not the extension's (crm-sms-* hosts). */
export function pageElementAt(doc: Document, x: number, y: number): Element | null {
  return doc.elementsFromPoint(x, y).find((el) => !el.localName.startsWith('crm-sms-') && el !== doc.documentElement && el !== doc.body) ?? null;
}

/**
 * Pointing at a field: an overlay over the whole page (in a closed shadow root) highlights the page
 * element under the pointer; a click picks it, Esc cancels. Only the user's own input counts: events a
 * page script makes (dispatchEvent, click()) are not trusted and are ignored. The page's own handlers
 * never see the click on the element (it lands on the overlay), so picking a link does not follow it.
 */
export async function createPicker(ctx: ContentScriptContext, css: string) {
  let handlers: PickHandlers | null = null;

  const ui = await createShadowRootUi(ctx, {
    name: 'crm-sms-teach-overlay',
    css,
    mode: 'closed',
    position: 'inline',
    anchor: () => document.body,
    append: 'last',
    onMount: (container) => {
      const overlay = document.createElement('div');
      overlay.className = 'teach-overlay';
      const box = document.createElement('div');
      box.className = 'teach-box';
      box.hidden = true;
      overlay.append(box);
      container.append(overlay);
      const under = (event: MouseEvent) => pageElementAt(document, event.clientX, event.clientY);
      overlay.addEventListener('mousemove', (event) => {
        const element = isUserGesture(event) ? under(event) : null;
        box.hidden = !element;
        if (!element) return;
        const rect = element.getBoundingClientRect();
        Object.assign(box.style, { left: `${rect.left}px`, top: `${rect.top}px`, width: `${rect.width}px`, height: `${rect.height}px` });
      });
      // No focus change or text selection in the page under the overlay.
      overlay.addEventListener('mousedown', (event) => event.preventDefault());
      overlay.addEventListener('click', (event) => {
        event.preventDefault();
        event.stopPropagation();
        if (!isUserGesture(event)) return;
        const element = under(event);
        if (element) finish((h) => h.onPick(element));
      });
      return container;
    },
    onRemove: (container) => container?.replaceChildren(),
  });

  const onKey = (event: KeyboardEvent) => {
    if (event.key !== 'Escape' || !isUserGesture(event)) return;
    event.preventDefault();
    event.stopPropagation();
    finish((h) => h.onCancel());
  };

  function finish(then: (h: PickHandlers) => void): void {
    const current = handlers;
    stop();
    if (current) then(current);
  }

  function stop(): void {
    handlers = null;
    window.removeEventListener('keydown', onKey, true);
    ui.remove();
  }

  ctx.onInvalidated(stop);
  return {
    start(next: PickHandlers): void {
      stop();
      handlers = next;
      window.addEventListener('keydown', onKey, true);
      ui.mount();
    },
    stop,
    get picking(): boolean {
      return handlers !== null;
    },
  };
}

export type Picker = Awaited<ReturnType<typeof createPicker>>;
