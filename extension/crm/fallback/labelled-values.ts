import { labelKey, squash } from '../read-rules';
import { firstShown } from './page-text';

/** How a value was tied to its visible label. */
export type LabelLink = 'label[for]' | 'label around' | 'aria-label' | 'aria-labelledby' | 'caption' | 'dt/dd' | 'th/td';

export interface LabelledValue {
  /** The element holding the value: a control, a link, a cell, the element after a caption. */
  element: Element;
  /** The label text as the page shows it. */
  label: string;
  via: LabelLink;
}

/** What a user fills in or ticks. */
export const CONTROL = 'input:not([type="hidden"]), select, textarea, [role="checkbox"], [role="switch"], [role="textbox"]';
const NOT_CONTENT = 'script, style, template, noscript';
const ACTIONS = 'button, [role="button"], [role="toolbar"]';
/** A label sits at most this many wrappers deep inside the element whose sibling holds its value. */
const MAX_WRAPPERS = 4;

/** The element's own text: its text nodes, not its children's. */
const ownText = (element: Element): string =>
  [...element.childNodes]
    .filter((node) => node.nodeType === 3)
    .map((node) => node.textContent ?? '')
    .join(' ');

/** A required-mark or a colon in its own element is decoration, not a value. */
const isDecoration = (element: Element) => !element.matches(CONTROL) && !element.querySelector(CONTROL) && /^\s*[*:]+\s*$/.test(element.textContent ?? '');

/** The first element after the caption's text inside the caption itself, if any. */
function valueAfterText(caption: Element): Element | null {
  let seenText = false;
  for (const node of caption.childNodes) {
    if (node.nodeType === 3 && node.textContent?.trim()) seenText = true;
    else if (seenText && node.nodeType === 1 && !isDecoration(node as Element)) return node as Element;
  }
  return null;
}

type Step = { element: Element; via: LabelLink } | 'climb' | 'stop';

/** Beside a caption, what is not shown: hidden inputs and hidden elements. */
const isInert = (element: Element) => element.matches('input[type="hidden"], [hidden], [aria-hidden="true"]');
/** A custom select's list of choices, beside the button that shows the chosen one. */
const CHOICES = 'ul, ol, [role="listbox"], [role="menu"]';

/** Where the value of the caption at `node` (the caption itself or a wrapper of it) is. */
function valueAt(node: Element, caption: Element, checkbox: boolean): Step {
  const doc = node.ownerDocument;
  const target = node.tagName === 'LABEL' ? node.getAttribute('for') : null;
  if (target) {
    const element = doc.getElementById(target);
    return element ? { element, via: 'label[for]' } : 'stop';
  }
  // Not a hidden one: a type picker keeps the chosen type's id in an input the user never sees.
  const inside = firstShown(node, CONTROL);
  if (inside && inside !== node) return { element: inside, via: node.tagName === 'LABEL' ? 'label around' : 'caption' };
  // A term or a row header labels its own description or cell only: the next header is not its value.
  if (node.tagName === 'DT' || node.tagName === 'TH') {
    const next = node.nextElementSibling;
    const wanted = node.tagName === 'DT' ? 'DD' : 'TD';
    return next?.tagName === wanted ? { element: next, via: node.tagName === 'DT' ? 'dt/dd' : 'th/td' } : 'stop';
  }
  // «Мобильный: <a href="tel:…">…</a>»: the caption's text, then its value inside the same element.
  const inner = node === caption ? valueAfterText(caption) : null;
  if (inner) return { element: inner, via: 'caption' };
  // An item of a list (a menu, a custom select's choices) does not label the item after it.
  if (node.tagName === 'LI') return 'stop';
  let next = node.nextElementSibling;
  while (next && (isDecoration(next) || isInert(next))) next = next.nextElementSibling;
  // Buttons beside a caption (the card's title and its toolbar) are not the caption's value; a field with its own buttons is.
  const toolbar = next && (next.matches(ACTIONS) || (next.querySelector(ACTIONS) && !next.querySelector(CONTROL)));
  if (next) return toolbar ? 'stop' : { element: next, via: 'caption' };
  // A checkbox's caption usually comes after the box.
  const previous = checkbox ? node.previousElementSibling : null;
  if (previous && (previous.matches(CONTROL) || previous.querySelector(CONTROL))) return { element: previous, via: 'caption' };
  return 'climb';
}

/** A wrapper of `node` whose other content is not shown (or, for a custom select's button, is its list of choices). */
function wrapperOf(node: Element): Element | null {
  const parent = node.parentElement;
  if (!parent || ownText(parent).trim()) return null;
  const others = [...parent.children].filter((child) => child !== node);
  return others.every((other) => isInert(other) || (node.tagName === 'BUTTON' && other.matches(CHOICES))) ? parent : null;
}

/**
 * The value a caption labels, looking through the wrappers the caption is all there is of. The chosen <option> of a
 * <select> (a phone's type chooser) labels what follows the select; the other options label nothing.
 */
function valueOf(caption: Element, checkbox: boolean): { element: Element; via: LabelLink } | null {
  let node: Element | null = caption;
  if (caption.tagName === 'OPTION') node = (caption as HTMLOptionElement).selected ? caption.closest('select') : null;
  for (let depth = 0; node && depth < MAX_WRAPPERS; depth++) {
    const step = valueAt(node, caption, checkbox);
    if (step === 'stop') return null;
    if (step !== 'climb') return step;
    node = wrapperOf(node);
  }
  return null;
}

const inDocumentOrder = (a: LabelledValue, b: LabelledValue) => (a.element.compareDocumentPosition(b.element) & 4 ? -1 : 1);

/** Elements inside `container` by the label text they carry (as `labelKey`): captions, and controls naming themselves. */
function indexLabels(container: Element) {
  const captions = new Map<string, Element[]>();
  const named = new Map<string, { element: Element; label: string; via: LabelLink }[]>();
  const push = <T>(map: Map<string, T[]>, key: string, value: T) => map.set(key, [...(map.get(key) ?? []), value]);
  const doc = container.ownerDocument;
  for (const element of container.querySelectorAll('*')) {
    const text = ownText(element);
    if (text.trim() && text.length <= 200 && !element.closest(NOT_CONTENT)) push(captions, labelKey(text), element);
    const aria = element.getAttribute('aria-label');
    if (aria) push(named, labelKey(aria), { element, label: aria, via: 'aria-label' });
    const ids = element.getAttribute('aria-labelledby');
    const byIds = ids
      ? ids
          .split(/\s+/)
          .map((id) => doc.getElementById(id)?.textContent ?? '')
          .join(' ')
      : '';
    if (byIds.trim()) push(named, labelKey(byIds), { element, label: byIds, via: 'aria-labelledby' });
  }
  return { captions, named };
}

export type LabelFinder = (texts: readonly string[], options?: { checkbox?: boolean }) => LabelledValue[];

/**
 * Finds values inside `container` by their visible label (compared without case, spacing or a trailing ':' / '*'),
 * in page order: <label for>, a label around its control, aria-label / aria-labelledby, a caption beside (or around)
 * its value, dt/dd and th/td pairs. `checkbox`: the caption may also follow its box. The page is indexed once.
 */
export function labelFinder(container: Element): LabelFinder {
  const { captions, named } = indexLabels(container);
  return (texts, options = {}) => {
    const found = new Map<Element, LabelledValue>();
    const add = (element: Element, label: string, via: LabelLink) => {
      if (container.contains(element) && !found.has(element)) found.set(element, { element, label: squash(label).replace(/[\s:*]+$/, ''), via });
    };
    for (const key of new Set(texts.map(labelKey))) {
      for (const { element, label, via } of named.get(key) ?? []) add(element, label, via);
      for (const caption of captions.get(key) ?? []) {
        const value = valueOf(caption, options.checkbox ?? false);
        if (value) add(value.element, ownText(caption), value.via);
      }
    }
    return [...found.values()].sort(inDocumentOrder);
  };
}
