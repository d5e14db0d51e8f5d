import type { OverrideRule } from '../../shared/adapter-overrides';
import { readElement, ruleElements } from './read-rules';
import { simpleSelectors, stableClasses } from './stable-selectors';
import type { CssRule, LabelRule, Reader, Rule } from './types';

/**
 * «Настроить чтение страницы»: from the element the user points at, a reading rule that finds the same
 * field on every card of the site. By the field's label text where it has one (a label rule), else by
 * stable attributes and classes (a CSS rule), inside a stable ancestor when that alone is not unique;
 * never by generated ids or positions. A rule is kept only if it reads back exactly the picked element.
 */

/** What the user points at: a text field (name, an extra field), a phone, the «Не использовать SMS» flag. */
export type TaughtKind = 'text' | 'phone' | 'flag';

export type Derivation = { ok: true; rule: Rule & OverrideRule; value: string; target: Element } | { ok: false; reason: 'empty' | 'no_checkbox' | 'no_stable_rule' };

export const TAUGHT_LAYOUT = 'taught on the page';

/** How far up from the picked element a field's container and label are looked for. */
const LEVELS = 4;
const LABEL_TAGS = new Set(['label', 'dt', 'th', 'legend', 'caption']);
const LABEL_CLASS = /label|caption|title|key/i;
const CHECKBOX = 'input[type="checkbox"], [role="checkbox"]';
const PHONE_LINK = 'a[href^="tel:" i], a[href^="sms:" i], a[href^="callto:" i]';

const squash = (text: string) => text.replace(/\s+/g, ' ').trim();
/** A label as the page shows it, without the trailing ':' or required '*' (read-rules ignores them too). */
const labelText = (element: Element) => squash(element.textContent ?? '').replace(/[\s:*]+$/, '');
const isControl = (element: Element) => ['input', 'textarea', 'select'].includes(element.localName);

/** The element that holds the value the user meant, and how to read it. */
export function valueTarget(picked: Element, kind: TaughtKind): { element: Element; read: Reader } | null {
  if (kind === 'flag') {
    const checkbox = picked.matches(CHECKBOX) ? picked : nearestCheckbox(picked);
    return checkbox ? { element: checkbox, read: 'checked' } : null;
  }
  if (kind === 'phone') {
    const link = picked.closest(PHONE_LINK);
    if (link) return { element: link, read: 'tel' };
  }
  if (isControl(picked)) return { element: picked, read: 'value' };
  // A click on a field's frame around its one input (Material's form field) means that input.
  const inputs = picked.querySelectorAll('input:not([type="hidden"]), textarea, select');
  if (inputs.length === 1 && !squash(picked.textContent ?? '')) return { element: inputs[0]!, read: 'value' };
  return { element: picked, read: 'text' };
}

/** The one checkbox of the picked element's label or nearest field: a click on «Не использовать SMS» means its box. */
function nearestCheckbox(picked: Element): Element | null {
  const label = picked.closest('label');
  const control = (label as HTMLLabelElement | null)?.control ?? label?.querySelector(CHECKBOX);
  if (control?.matches(CHECKBOX)) return control;
  const aria = picked.closest('[role="checkbox"]');
  if (aria) return aria;
  let scope: Element | null = picked;
  for (let level = 0; scope && level < LEVELS; level++, scope = scope.parentElement) {
    const boxes = scope.querySelectorAll(CHECKBOX);
    if (boxes.length === 1) return boxes[0]!;
    if (boxes.length > 1) return null;
  }
  return null;
}

/** Derives a rule for the picked element; the value it reads is the picked element's. */
export function deriveRule(picked: Element, kind: TaughtKind): Derivation {
  const target = valueTarget(picked, kind);
  if (!target) return { ok: false, reason: 'no_checkbox' };
  const value = readElement(target.element, target.read);
  if (!value) return { ok: false, reason: 'empty' };
  const root = target.element.ownerDocument;
  const rule =
    labelRules(target.element, target.read, value, kind).find((r) => readsBack(root, r, target.element)) ??
    cssRules(target.element, target.read, value).find((r) => readsBack(root, r, target.element));
  return rule ? { ok: true, rule, value, target: target.element } : { ok: false, reason: 'no_stable_rule' };
}

/**
 * Whether the rule, run over the page as the extension runs it, reads the target's value: the first
 * element it finds with a value is the target, and any other it finds reads the same (a duplicate) or nothing.
 */
export function readsBack(root: ParentNode, rule: Rule, target: Element): boolean {
  const elements = [...new Set(ruleElements(root, rule))];
  const value = readElement(target, rule.read);
  const first = elements.find((element) => readElement(element, rule.read) !== '');
  return first === target && elements.every((element) => element === target || [value, ''].includes(readElement(element, rule.read)));
}

/** What a rule reads on the page now (the first value it finds), for «сейчас читается». */
export function readNow(root: ParentNode, rule: Rule): string | null {
  for (const element of ruleElements(root, rule)) {
    const value = readElement(element, rule.read);
    if (value) return value;
  }
  return null;
}

// --- label rules -------------------------------------------------------------------------------

const isLabelLike = (element: Element) => LABEL_TAGS.has(element.localName) || stableClasses(element).some((name) => LABEL_CLASS.test(name) && !/value/i.test(name));

/** A label's text must look like a label: short, and not data (digits, e-mail, the value itself). */
function labelTextFor(element: Element, value: string): string | null {
  const text = labelText(element);
  if (text.length === 0 || text.length > 60 || /\d{3,}|@/.test(text)) return null;
  if (value.length >= 2 && (text.includes(value) || value.includes(text))) return null;
  return text;
}

const precedes = (a: Element, b: Element) => (a.compareDocumentPosition(b) & Node.DOCUMENT_POSITION_FOLLOWING) !== 0;

/** The labels that may name the target, nearest first: its own (label[for], a wrapping label, aria-labelledby), then nearby ones. */
function labelCandidates(target: Element, kind: TaughtKind): Element[] {
  const doc = target.ownerDocument;
  const found: Element[] = [];
  const add = (element: Element | null | undefined) => element && !found.includes(element) && found.push(element);
  [...((target as HTMLInputElement).labels ?? [])].forEach(add);
  if (target.id) doc.querySelectorAll(`label[for="${target.id.replace(/["\\]/g, '\\$&')}"]`).forEach(add);
  add(target.closest('label'));
  for (const id of target.getAttribute('aria-labelledby')?.split(/\s+/).filter(Boolean) ?? []) add(doc.getElementById(id));
  let child = target;
  for (let level = 0; child.parentElement && child.parentElement !== doc.body && level < LEVELS; level++, child = child.parentElement) {
    const scope = child.parentElement;
    // A flag's caption usually follows its box; a value's label comes before it. Nearest in the page's order first.
    const all = [...scope.querySelectorAll('*')];
    const at = all.indexOf(target);
    all
      .map((el, index) => ({ el, distance: Math.abs(index - at) }))
      .filter(({ el }) => !el.contains(target) && !target.contains(el) && (kind === 'flag' || precedes(el, target)) && isLabelLike(el))
      .sort((a, b) => a.distance - b.distance)
      .forEach(({ el }) => add(el));
    // A caption without a label's tag or class just before the value («Город:»).
    const sibling = child.previousElementSibling;
    if (sibling && /:\s*$/.test(squash(sibling.textContent ?? ''))) add(sibling);
  }
  return found;
}

/** The smallest element that holds both, other than the label itself. */
function fieldContainer(label: Element, target: Element): Element | null {
  let container: Element | null = label;
  while (container && !container.contains(target)) container = container.parentElement;
  if (container === label) container = label.parentElement;
  return container && container !== target.ownerDocument.body && container !== target.ownerDocument.documentElement ? container : null;
}

/** A field's container names one field: every label-like element in it says the same (else it is a whole form). */
function holdsOneLabel(container: Element, label: Element, text: string): boolean {
  return [...container.querySelectorAll('*')]
    .filter((el) => el !== label && !el.contains(label) && !label.contains(el) && isLabelLike(el))
    .every((el) => !squash(el.textContent ?? '') || labelText(el) === text);
}

/** Whether some other text stands between the label and the value: then it is not this value's label. */
function textBetween(container: Element, label: Element, target: Element): boolean {
  if (label.contains(target)) return false;
  const [first, last] = precedes(label, target) ? [label, target] : [target, label];
  const walker = container.ownerDocument.createTreeWalker(container, NodeFilter.SHOW_TEXT);
  for (let node = walker.nextNode(); node; node = walker.nextNode()) {
    if (!node.textContent?.trim() || first.contains(node) || last.contains(node)) continue;
    const afterFirst = (first.compareDocumentPosition(node) & Node.DOCUMENT_POSITION_FOLLOWING) !== 0;
    if (afterFirst && (node.compareDocumentPosition(last) & Node.DOCUMENT_POSITION_FOLLOWING) !== 0) return true;
  }
  return false;
}

function labelRules(target: Element, read: Reader, value: string, kind: TaughtKind): LabelRule[] {
  const rules: LabelRule[] = [];
  for (const label of labelCandidates(target, kind)) {
    const text = labelTextFor(label, value);
    const container = text && fieldContainer(label, target);
    if (!text || !container || !holdsOneLabel(container, label, text) || textBetween(container, label, target)) continue;
    const labels = simpleSelectors(label).map((s) => s.css);
    const values = valueSelectors(container, target, value, label.nextElementSibling === target ? labels : []);
    const containers = simpleSelectors(container)
      .sort((a, b) => containerRank(a.css) - containerRank(b.css))
      .map((s) => s.css);
    for (const field of containers) {
      for (const labelCss of labels) {
        for (const valueCss of values) rules.push({ field, label: labelCss, texts: [text], value: valueCss, read, layout: TAUGHT_LAYOUT });
      }
    }
  }
  return rules;
}

/** Containers by class first (the same on every field of a kind, e.g. div.field), then the tag alone, then attributes and ids. */
const containerRank = (css: string) => (css.includes('[') || css.includes('#') ? 2 : css.includes('.') ? 0 : 1);

/**
 * Selectors that find the target first inside its container: its own, through an ancestor between them,
 * or (when the label is just before it) as the element next to the label: `span + span` for «Город: Казань».
 */
function valueSelectors(container: Element, target: Element, value: string, labelsJustBefore: string[]): string[] {
  const own = simpleSelectors(target, value).map((s) => s.css);
  const through: string[] = [];
  for (let between = target.parentElement; between && between !== container; between = between.parentElement) {
    for (const outer of simpleSelectors(between, value).filter((s) => s.named)) through.push(...own.map((css) => `${outer.css} ${css}`));
  }
  const next = labelsJustBefore.flatMap((label) => own.map((css) => `${label} + ${css}`));
  return [...own, ...through, ...next].filter((css) => container.querySelector(css) === target);
}

// --- CSS rules -----------------------------------------------------------------------------------

/** By the target's own stable names, then inside a stable ancestor (the nearest first). */
function cssRules(target: Element, read: Reader, value: string): CssRule[] {
  const own = simpleSelectors(target, value);
  const rules = own.map((s) => s.css);
  let ancestor = target.parentElement;
  for (let level = 0; ancestor && ancestor !== target.ownerDocument.documentElement && level < LEVELS + 2; level++, ancestor = ancestor.parentElement) {
    for (const outer of simpleSelectors(ancestor, value).filter((s) => s.named)) rules.push(...own.map((s) => `${outer.css} ${s.css}`));
  }
  return rules.map((css) => ({ css, read, layout: TAUGHT_LAYOUT }));
}
