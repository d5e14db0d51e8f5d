import { describe, expect, it } from 'vitest';
import type { SiteOverride } from '../../shared/adapter-overrides';
import { withoutBrokenSelectors } from '../../extension/services/site-override-rules';

/** As the card controller checks an override's selectors in the page (happy-dom here) before reading with it. */
const parses = (selector: string) => {
  try {
    document.createDocumentFragment().querySelector(selector);
    return true;
  } catch {
    return false;
  }
};
const rule = (css: string) => ({ css, read: 'text' as const, layout: 'site override' });

describe('an override with a selector the page cannot parse', () => {
  it('loses that rule only: the others, and the rest of the card, are still read', () => {
    const override: SiteOverride = {
      site: 'https://acme.creatio.com',
      adapter: 'creatio',
      fields: { city: [rule('[data-item-marker="UsrCity" input'), rule('#city')], account: [rule('a[href=')] },
      phones: [
        { rule: rule('::nonsense('), type: 'mobile' },
        { rule: rule('a[href^="tel:"]'), type: 'work' },
      ],
      doNotUseSms: [{ field: 'crt-checkbox', label: 'label', texts: ['Не использовать SMS'], value: 'input[', read: 'checked', layout: 'site override' }],
      extraFields: [
        { label: 'Город доставки', rules: [rule('[data-x')] },
        { label: 'ИНН', rules: [rule('#inn')] },
      ],
    };
    expect(parses('[data-x')).toBe(false);
    expect(withoutBrokenSelectors(override, parses)).toEqual({
      ...override,
      fields: { city: [rule('#city')] },
      phones: [{ rule: rule('a[href^="tel:"]'), type: 'work' }],
      doNotUseSms: [],
      extraFields: [{ label: 'ИНН', rules: [rule('#inn')] }],
    });
  });
});
