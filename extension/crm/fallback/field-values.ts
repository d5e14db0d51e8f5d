import { readElement, squash } from '../read-rules';
import type { AdapterServices, TextField } from '../types';
import { firstShown, isHiddenIn, visibleText } from './page-text';

/** How the fallback layer takes a value out of the element a label points at. */

export const PHONE_LINKS = 'a[href^="tel:" i], a[href^="sms:" i], a[href^="callto:" i]';
/** A value written as a phone number and nothing else: digits, spaces, + ( ) - . */
const PHONE_SHAPED = /^\+?[\d\s().\-–]{5,40}$/;
/** A labelled text longer than this is a block of the page, not a field's value. */
export const MAX_VALUE = 300;
const TEXT_INPUT = 'input:not([type="hidden"]):not([type="checkbox"]):not([type="radio"]), textarea';
const digitsOf = (text: string) => text.replace(/\D/g, '');

export const EMAIL = /[\p{L}\p{N}._%+-]+@[\p{L}\p{N}-]+(?:\.[\p{L}\p{N}-]+)+/u;

/** The text of an element, its text nodes joined with spaces (blocks are not run together). */
const spacedText = (element: Element) => squash(visibleText(element, MAX_VALUE * 2));

/**
 * A text field's value: a control's value, a select's chosen option; else, for a value shown as text, the first
 * link's text (CRMs show a company or a user as a link, with details beside it), or the whole text. An e-mail is
 * the first address in it.
 */
export function textOf(element: Element, field: TextField): string {
  // Not a hidden input: it is the page's (a picker's type id, a record id), not a value.
  const control = firstShown(element, `${TEXT_INPUT}, select`);
  if (control?.tagName === 'SELECT') {
    const select = control as HTMLSelectElement;
    return readElement(select.options[select.selectedIndex] ?? select, 'text');
  }
  const value = control ? readElement(control, 'value') : '';
  // A picker's read-only focus input holds nothing (amoCRM's input.js-focuser): the chosen item is shown as text beside it.
  const pickerOnly =
    control &&
    !value &&
    [...element.querySelectorAll('input, textarea')].every(
      (input) => isHiddenIn(input, element) || input.matches('[readonly], [disabled], [type="checkbox"], [type="radio"]'),
    );
  if (control && !pickerOnly) return value;
  if (field === 'email') {
    const mailto = element.matches('a[href^="mailto:" i]') ? element : element.querySelector('a[href^="mailto:" i]');
    return (mailto ? EMAIL.exec(decodeURIComponentSafe(mailto.getAttribute('href') ?? '')) : null)?.[0] ?? EMAIL.exec(spacedText(element))?.[0] ?? '';
  }
  const link = [...element.querySelectorAll('a')].find((a) => a.textContent?.trim());
  return link ? spacedText(link) : spacedText(element);
}

export function decodeURIComponentSafe(text: string): string {
  try {
    return decodeURIComponent(text);
  } catch {
    return text;
  }
}

/** What CRMs show in an empty field: dashes, or a placeholder phrase. */
const NO_VALUE = new Set([
  'no owner',
  'unassigned',
  'none',
  'n/a',
  'not set',
  'нет',
  'не указан',
  'не указано',
  'не указана',
  'не заполнено',
  'не назначен',
  'нет ответственного',
]);
export const isNoValue = (value: string) => /^[\s\-–—.*]*$/.test(value) || NO_VALUE.has(value.toLocaleLowerCase('ru'));

/** An ExtJS-style state class on the box or a wrapper of it (Creatio Classic's `t-checkboxedit-checked`). */
const hasCheckedClass = (element: Element) => [...element.classList].some((c) => /(^|-)checked$/.test(c));

/** The checked state of a labelled box: the input's, aria-checked, or a "…-checked" class on it or its wrapper; null when there is no box. */
export function checkedOf(element: Element): boolean | null {
  const box = element.matches('input[type="checkbox"], [aria-checked]') ? element : element.querySelector('input[type="checkbox"], [aria-checked]');
  if (!box) return null;
  const state = box.getAttribute('aria-checked');
  if (box.tagName !== 'INPUT' && state !== 'true' && state !== 'false') return null;
  if ((box.tagName === 'INPUT' && (box as HTMLInputElement).checked) || state === 'true') return true;
  // The class sits on the box's own wrapper: look up to the labelled element, and at least two levels.
  let depth = 0;
  for (let node: Element | null = box; node && (depth <= 2 || element.contains(node)); node = node.parentElement, depth++) {
    if (hasCheckedClass(node)) return true;
    if (node === element && depth >= 2) break;
  }
  return false;
}

/** Numbers a labelled element holds: a link's or an input's number, else its text when it is phone-shaped or has numbers in it. */
export async function numbersIn(element: Element, services: AdapterServices): Promise<string[]> {
  const link = element.matches(PHONE_LINKS) ? element : element.querySelector(PHONE_LINKS);
  if (link) return [readElement(link, 'tel')];
  const input = firstShown(element, TEXT_INPUT);
  const text = (input && readElement(input, 'value')) || spacedText(element);
  if (!text || text.length > MAX_VALUE) return [];
  if (PHONE_SHAPED.test(text)) return [text];
  return digitsOf(text).length >= 5 ? findPhones(services, text) : [];
}

export async function findPhones(services: AdapterServices, text: string): Promise<string[]> {
  try {
    return await services.findPhonesInText(text);
  } catch {
    // The background may be gone (an extension update): the read goes on without these numbers.
    return [];
  }
}
