import { squash } from '../read-rules';
import type { CrmAdapter } from '../types';
import type { CardContainer } from './card-container';

export interface Found {
  value: string;
  source: string;
}

/** A heading longer than this, or without a letter, is not a person's or a company's name. */
const MAX_NAME = 200;
const asName = (text: string | null | undefined): string | null => {
  const name = squash(text ?? '');
  return name && name.length <= MAX_NAME && /\p{L}/u.test(name) ? name : null;
};

/** Where the card shows its title: the adapter's header / compact-profile selectors, then the card's first h1. */
export function headingName(adapter: Pick<CrmAdapter, 'heading'>, doc: Document, card: CardContainer): Found | null {
  for (const selector of adapter.heading ?? []) {
    for (const element of doc.querySelectorAll(selector)) {
      const value = asName(element.textContent);
      if (value) return { value, source: `fallback: page heading ${selector}` };
    }
  }
  for (const element of card.element.querySelectorAll('h1')) {
    const value = asName(element.textContent);
    if (value) return { value, source: `fallback: h1 in ${card.source}` };
  }
  return null;
}

/** Section titles a CRM puts in the tab title before (or instead of) the record's name. */
const SECTION_WORDS = new Set(['контакт', 'контакты', 'contact', 'contacts', 'person', 'people', 'persons', 'люди', 'карточка', 'record']);
const TITLE_SEPARATORS = /\s+[|—–\-·:]\s+/;

/**
 * The last resort for the name: the document title without the site's own name ("Иван Петров | Bitrix24",
 * "Demo CRM — Иван Петров") or a section word; nothing when that is all the title says.
 */
export function titleName(adapter: Pick<CrmAdapter, 'name'>, doc: Document): Found | null {
  const site = adapter.name.toLocaleLowerCase('ru');
  const parts = squash(doc.title)
    .split(TITLE_SEPARATORS)
    .map((part) => part.trim());
  const value = parts.find((part) => {
    const key = part.toLocaleLowerCase('ru');
    return part && !site.includes(key) && !key.includes(site.split(' (')[0]!) && !SECTION_WORDS.has(key);
  });
  const name = asName(value);
  return name ? { value: name, source: "fallback: document title without the site's name" } : null;
}
