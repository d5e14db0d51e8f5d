import { readElement } from '../read-rules';
import type { CardContainer } from './card-container';
import { decodeURIComponentSafe, EMAIL } from './field-values';
import type { Found } from './page-heading';
import { isHiddenIn } from './page-text';

const WHOLE_EMAIL = new RegExp(`^${EMAIL.source}$`, EMAIL.flags);

/**
 * An e-mail no label names, inside the card: a mailto: link's address, an e-mail input's value, or an input
 * holding an address and nothing else (words around an address are a note, not the contact's e-mail).
 */
export function unlabelledEmail(card: CardContainer): Found | null {
  for (const link of card.element.querySelectorAll('a[href^="mailto:" i]')) {
    const address = EMAIL.exec(decodeURIComponentSafe(link.getAttribute('href') ?? ''))?.[0];
    if (address) return { value: address, source: `fallback: mailto: link in ${card.source}` };
  }
  const shown = [...card.element.querySelectorAll('input:not([type="checkbox"]):not([type="radio"]), textarea')].filter((input) => !isHiddenIn(input, card.element));
  const typed = shown.find((input) => input.matches('input[type="email" i]') && readElement(input, 'value'));
  if (typed) return { value: readElement(typed, 'value'), source: `fallback: e-mail input in ${card.source}` };
  const shaped = shown.map((input) => readElement(input, 'value')).find((value) => WHOLE_EMAIL.test(value));
  return shaped ? { value: shaped, source: `fallback: e-mail-shaped value in ${card.source}` } : null;
}
