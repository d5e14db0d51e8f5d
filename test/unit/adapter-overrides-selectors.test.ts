import { describe, expect, it } from 'vitest';
import { selectorProblem } from '../../relay/adapters/css-selector';
import { ADAPTERS } from '../../extension/crm/adapters';

// The relay refuses an override whose selector would throw in the agents' browsers, in words; it must
// never refuse one that works (the bundled adapters' own selectors are the proof).

/** Selectors both Chromium and Firefox accept in querySelectorAll (each list here was checked in both browsers). */
const VALID = [
  'a',
  '*',
  'crt-phone-input input',
  'a[href^="tel:"]',
  "a[href*='sms:' i]",
  '[data-item-marker^="DoNotUseSms "] .t-checkboxedit-wrap',
  'input[value=""]',
  'div > span + b ~ i',
  'a,b , c',
  '#main.card[data-x]',
  '#\\31 23',
  '.\\31 a',
  '#a\\:b',
  '.-foo',
  '.--x',
  '._x',
  '*|a',
  '|a',
  '[*|lang]',
  '[lang|=en]',
  '[a~=b]',
  '[ a = "b" ]',
  'a:has(b)',
  'p:lang(en-US)',
  ':scope > a',
  'a:not(.b, .c)',
  ':is(h1, h2) span',
  ':where(a)',
  'crt-input:has(> label)',
  ':has(+ a, ~ b)',
  'li:nth-child(2n+1)',
  'li:nth-child( -n + 3 )',
  'li:nth-last-child(odd)',
  'li:nth-child(2n+1 of .x, .y)',
  'p:nth-of-type(EVEN)',
  'li:nth-child(5)',
  'li:nth-child(n)',
  'input:checked',
  'A:HOVER',
  'p:lang(ru)',
  'p:dir(rtl)',
  'label:first-child',
  'input:not([type="hidden"])',
  '[itemtype*="schema.org/Person"] [itemprop="name"]',
  'ФИО',
  '.поле',
  'a\nb',
  '[data-a="multi\\\nline"]',
];

/**
 * Selectors the relay refuses, with a word of the reason. Every one throws in Chromium or Firefox except
 * those marked `browserAccepts`: refused although both take them, because they match nothing or work
 * only by the browser's forgiveness (an unclosed bracket at the end, unknown arguments inside :is).
 */
const INVALID: { selector: string; reason: string; browserAccepts?: true }[] = [
  { selector: 'div >', reason: 'nothing follows the combinator ">"' },
  { selector: '> a', reason: 'starts with the combinator ">"' },
  { selector: 'a >> b', reason: 'nothing follows the combinator ">"' },
  { selector: 'a ~', reason: 'nothing follows the combinator "~"' },
  { selector: '#1abc', reason: 'must be followed by a name that does not start with a digit' },
  { selector: '.1a', reason: 'must be followed by a name that does not start with a digit' },
  { selector: '.-1a', reason: 'must be followed by a name' },
  { selector: '#', reason: 'must be followed by a name' },
  { selector: ':foo', reason: '":foo" is not a pseudo-class that both Chromium and Firefox know' },
  { selector: 'a:contains(x)', reason: '":contains()" is not a pseudo-class' },
  { selector: 'a::before', reason: 'is a pseudo-element', browserAccepts: true },
  { selector: 'a:before', reason: 'is a pseudo-element', browserAccepts: true },
  { selector: '[data-x', reason: 'is not closed with "]"', browserAccepts: true },
  { selector: '[a=1]', reason: 'must be quoted' },
  { selector: '[=x]', reason: 'an attribute name must follow "["' },
  { selector: '[a="x', reason: 'a quoted string is not closed', browserAccepts: true },
  { selector: '[a="x\ny"]', reason: 'must not break across lines' },
  { selector: '[a="x" q]', reason: '"q" is not an attribute flag' },
  { selector: '[a="x" s]', reason: '"s" is not an attribute flag that both Chromium and Firefox know' },
  { selector: 'p:lang("en-US")', reason: 'takes one language code' },
  { selector: 'p:lang(ru, en)', reason: 'is not closed with ")"' },
  { selector: 'a$b', reason: 'unexpected "$"' },
  { selector: '@x', reason: 'unexpected "@"' },
  { selector: 'a,,b', reason: 'a selector is missing before ","' },
  { selector: 'a,', reason: 'a selector is missing at the end' },
  { selector: 'a{color:red}', reason: 'unexpected "{"' },
  { selector: 'a ; b', reason: 'unexpected ";"' },
  { selector: 'div)', reason: 'a ")" closes nothing' },
  { selector: 'a..b', reason: 'must be followed by a name' },
  { selector: ':nth-child(foo)', reason: 'takes a position such as 2, odd, even or 2n+1' },
  { selector: ':nth-child(2n+)', reason: 'is not closed' },
  { selector: ':nth-of-type(2n of .x)', reason: 'is not closed' },
  { selector: 'svg|rect', reason: 'the namespace prefix "svg|" is not declared' },
  { selector: ':has(:has(a))', reason: 'cannot be used inside another ":has()"' },
  { selector: ':not()', reason: 'a selector is missing before ")"' },
  { selector: 'a:not', reason: 'needs an argument in parentheses' },
  { selector: ':is(a', reason: 'is not closed with ")"', browserAccepts: true },
  { selector: 'a:is()', reason: 'a selector is missing before ")"', browserAccepts: true },
  { selector: ':where(:foo)', reason: '":foo" is not a pseudo-class', browserAccepts: true },
  { selector: ':dir(up)', reason: 'takes ltr or rtl', browserAccepts: true },
  { selector: 'a:', reason: 'a pseudo-class name must follow ":"' },
  { selector: 'a\\', reason: 'unexpected "\\"', browserAccepts: true },
];

function bundledSelectors(): string[] {
  const found: string[] = [];
  const selectorKeys = new Set(['css', 'field', 'label', 'value', 'ready', 'rows', 'captions', 'cells', 'phoneLike']);
  const selectorLists = new Set(['anchor', 'selectors', 'card', 'heading']);
  const walk = (value: unknown, key: string) => {
    if (typeof value === 'string') {
      if (selectorKeys.has(key) || selectorLists.has(key)) found.push(value);
    } else if (Array.isArray(value)) {
      for (const item of value) walk(item, key);
    } else if (value && typeof value === 'object' && !(value instanceof RegExp)) {
      for (const [k, v] of Object.entries(value)) if (k !== 'texts' && k !== 'caption' && typeof v !== 'function') walk(v, k);
    }
  };
  walk(ADAPTERS, '');
  return found;
}

describe('CSS selectors in a site override', () => {
  it('every selector the bundled adapters use is accepted', () => {
    const selectors = bundledSelectors();
    expect(selectors.length).toBeGreaterThan(50);
    expect(selectors.filter((s) => selectorProblem(s) !== null).map((s) => `${s}: ${selectorProblem(s)}`)).toEqual([]);
  });

  it.each(VALID)('accepts %j', (selector) => {
    expect(selectorProblem(selector)).toBeNull();
  });

  it.each(INVALID)('refuses $selector in words', ({ selector, reason }) => {
    expect(selectorProblem(selector)).toContain(reason);
  });
});
