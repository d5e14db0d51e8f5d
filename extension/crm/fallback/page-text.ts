/** Text a user cannot see, or that is not text at all. */
const UNSEEN = 'script, style, noscript, template, [hidden], [aria-hidden="true"]';

/** The visible text inside `root`, up to `limit` characters: what phone-shaped text is looked for in. */
export function visibleText(root: Element, limit = 20_000): string {
  const doc = root.ownerDocument;
  const parts: string[] = [];
  let length = 0;
  const walker = doc.createTreeWalker(root, 4 /* NodeFilter.SHOW_TEXT */, {
    acceptNode: (node) => (node.parentElement?.closest(UNSEEN) ? 2 /* FILTER_REJECT */ : 1 /* FILTER_ACCEPT */),
  });
  for (let node = walker.nextNode(); node && length < limit; node = walker.nextNode()) {
    const text = node.textContent ?? '';
    if (!text.trim()) continue;
    parts.push(text);
    length += text.length + 1;
  }
  return parts.join(' ').slice(0, limit);
}

/** Hidden by an attribute: what a page keeps for its scripts (a type picker's type id), not for the user. */
const HIDDEN = '[hidden], [aria-hidden="true"], [style*="display: none" i], [style*="display:none" i]';

/**
 * Whether the page hides `element` from the user: a hidden input, or an element hidden by an attribute, itself or
 * by a wrapper up to `root` (above `root` is not looked at: a modal may set aria-hidden on the whole page behind it).
 */
export function isHiddenIn(element: Element, root: Element): boolean {
  if (element.matches('input[type="hidden" i]')) return true;
  for (let node: Element | null = element; node; node = node.parentElement) {
    if (node.matches(HIDDEN)) return true;
    if (node === root) break;
  }
  return false;
}

/** `root` itself when it matches `selector`, else the first element inside it that does; hidden ones skipped. */
export function firstShown(root: Element, selector: string): Element | null {
  if (root.matches(selector)) return isHiddenIn(root, root) ? null : root;
  return [...root.querySelectorAll(selector)].find((element) => !isHiddenIn(element, root)) ?? null;
}
