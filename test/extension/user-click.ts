/**
 * A click as the browser makes it for a real user: trusted. happy-dom's click() and dispatchEvent make
 * untrusted events, as a page script's would; the UI acts on sends and spends only for trusted ones.
 */
export function userClick(element: Element): void {
  const event = new MouseEvent('click', { bubbles: true, cancelable: true });
  Object.defineProperty(event, 'isTrusted', { value: true });
  element.dispatchEvent(event);
}
