import type { CssRule, LabelRule, Reader, Rule } from './types';

export const squash = (text: string) => text.replace(/\s+/g, ' ').trim();
/** A label's text for matching: case, spacing and a trailing ':' / required '*' (in any order) do not count. */
export const labelKey = (text: string) =>
  squash(text)
    .replace(/[\s:*]+$/, '')
    .toLocaleLowerCase('ru');

export const isLabelRule = (rule: Rule): rule is LabelRule => 'field' in rule;

/** The rule in words: the layout it was written for (or `layout`), the selector or label, how it reads. */
export function describeRule(rule: Rule, layout = rule.layout): string {
  return isLabelRule(rule) ? `${layout}: ${rule.field} labelled "${rule.texts.join('" / "')}" → ${rule.value} (${rule.read})` : `${layout}: ${rule.css} (${rule.read})`;
}

/** The value an element holds, as the reader says to take it; '' when there is none. */
export function readElement(element: Element, reader: Reader): string {
  if (reader === 'text') return squash(element.textContent ?? '');
  if (reader === 'value') return squash((element as HTMLInputElement).value ?? element.getAttribute('value') ?? '');
  if (reader === 'checked') return String(isChecked(element));
  if (reader === 'tel') {
    const href = element.getAttribute('href') ?? '';
    const number = decodeUri(href.replace(/^(tel|sms|callto):(\/\/)?/i, '').split(/[?;,]/)[0] ?? '');
    return squash(number || element.textContent || '');
  }
  return squash(element.getAttribute(reader.slice('attr:'.length)) ?? '');
}

/** A malformed %-escape in someone's tel: link must not stop the whole contact read. */
function decodeUri(text: string): string {
  try {
    return decodeURIComponent(text);
  } catch {
    return text;
  }
}

/** Inputs, ARIA checkboxes and ExtJS-style "…-checked" classes all count. */
function isChecked(element: Element): boolean {
  if (element instanceof HTMLInputElement || 'checked' in element) return Boolean((element as HTMLInputElement).checked);
  if (element.getAttribute('aria-checked') === 'true') return true;
  return [...element.classList].some((c) => /(^|-)checked$/.test(c));
}

function labelledElements(root: ParentNode, rule: LabelRule): Element[] {
  const wanted = new Set(rule.texts.map(labelKey));
  const found: Element[] = [];
  for (const field of root.querySelectorAll(rule.field)) {
    // Any of the field's labels may carry the text: UI kits put their own <label> inside a field, before or
    // after the field's caption (Angular Material's mat-checkbox has one ahead of .crt-checkbox-label).
    const labels = [...field.querySelectorAll(rule.label)];
    if (!labels.some((label) => wanted.has(labelKey(label.textContent ?? '')))) continue;
    const value = field.querySelector(rule.value);
    if (value) found.push(value);
  }
  return found;
}

/** Every element a rule points at (skipping ExtJS "-virtual" twins). */
export function ruleElements(root: ParentNode, rule: Rule): Element[] {
  const elements = isLabelRule(rule) ? labelledElements(root, rule) : [...root.querySelectorAll((rule as CssRule).css)];
  return elements.filter((element) => !element.id.endsWith('-virtual'));
}

/** The first non-empty value any rule finds, and the rule that found it. */
export function findFirst(root: ParentNode, rules: Rule[] | undefined): { value: string; rule: Rule } | null {
  for (const rule of rules ?? []) {
    for (const element of ruleElements(root, rule)) {
      const value = readElement(element, rule.read);
      if (value) return { value, rule };
    }
  }
  return null;
}

/** The first non-empty value any rule finds, with the rule that found it in words. */
export function readFirst(root: ParentNode, rules: Rule[] | undefined): { value: string; source: string } | null {
  const found = findFirst(root, rules);
  return found && { value: found.value, source: describeRule(found.rule) };
}
