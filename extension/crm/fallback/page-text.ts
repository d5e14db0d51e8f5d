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
