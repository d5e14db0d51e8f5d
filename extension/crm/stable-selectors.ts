/**
 * Which parts of an element's markup stay the same from one record to the next and from one build of
 * the CRM to the next: the names a rule taught on one page may use. Framework-generated ids and classes
 * (Ember's `ember412`, Angular's `_ngcontent-…` and `ng-*` state, CSS-in-JS hashes such as `css-1x2y3z`
 * or `kDbpQv`, Creatio's `PhoneInput_76zpqgf`, counters such as `mat-input-3`), state classes
 * (`is-active`, `…-checked`) and attribute values that carry the record's data never do.
 */

const IDENTIFIER = /^[A-Za-z_-][A-Za-z0-9_-]*$/;

/** An id, class or attribute name a framework made up for this build, render or installation. */
export function looksGenerated(token: string): boolean {
  if (!IDENTIFIER.test(token)) return true;
  // Runs of digits, or digits after a separator or at the end: ember412, field-1839, mat-input-3, css-1x2y3z.
  if (/\d{2,}|[-_]\d|\d$/.test(token)) return true;
  // A leading underscore (hashes such as _76zpqgf), CSS-in-JS and Angular prefixes.
  if (/^_|^(css|sc|jss|emotion|styled|svelte|ng)-/i.test(token)) return true;
  // Short mixed-case hashes (styled-components: kDbpQv, bWJJLb) that are not camelCase words (fullName).
  const capitals = token.match(/[A-Z]/g)?.length ?? 0;
  return token.length <= 8 && /^[A-Za-z]+$/.test(token) && capitals >= 2 && !/^[a-z]+([A-Z][a-z]{2,})+$/.test(token);
}

/** Classes that say what state the element is in now (and so differ between records or moments). */
const STATE_CLASS =
  /^(is|has)-|(^|[-_])(active|selected|current|focus|focused|hover|hovered|open|opened|closed|checked|unchecked|disabled|enabled|expanded|collapsed|visible|hidden|invalid|valid|dirty|pristine|touched|untouched|empty|filled|loading|loaded|readonly|required)$/i;

export const stableClasses = (element: Element): string[] => [...element.classList].filter((name) => !looksGenerated(name) && !STATE_CLASS.test(name));

/** Attributes that name what an element is, best first; any other data-* attribute comes after them. */
const NAMING_ATTRIBUTES = ['data-testid', 'data-test-id', 'data-test', 'data-qa', 'data-cy', 'data-field', 'name', 'itemprop', 'aria-label', 'role'];
const VOLATILE_DATA = /^data-(reactid|reactroot|index|key|row|col|column|position|order|offset|sort|state|value|id)$/;

/** An attribute value that is not a number, an id or the record's own data (`own`: what the element reads). */
function stableValue(value: string, own: string): boolean {
  if (value.length === 0 || value.length > 60 || /[\r\n]/.test(value) || /^\d+$/.test(value) || /\d{2,}/.test(value)) return false;
  if (own.length >= 2 && value.includes(own)) return false;
  return !(value.length >= 3 && own.includes(value));
}

export function stableAttributes(element: Element, own: string): [string, string][] {
  const found: [string, string][] = [];
  const consider = (name: string) => {
    const value = element.getAttribute(name);
    if (value !== null && stableValue(value, own) && !found.some(([n]) => n === name)) found.push([name, value]);
  };
  NAMING_ATTRIBUTES.forEach(consider);
  for (const { name } of element.attributes) {
    if (name.startsWith('data-') && !looksGenerated(name) && !VOLATILE_DATA.test(name)) consider(name);
  }
  return found;
}

const quote = (value: string) => `"${value.replace(/\\/g, '\\\\').replace(/"/g, '\\"')}"`;

export interface SimpleSelector {
  css: string;
  /** Whether it names the element by more than its tag (an attribute, an id or a class). */
  named: boolean;
}

/**
 * Selectors for one element from its stable parts only, most telling first: naming attributes, a stable
 * id, each stable class, all of them together, then the tag alone. Never a position (`:nth-child`).
 */
export function simpleSelectors(element: Element, own = ''): SimpleSelector[] {
  const tag = element.localName;
  if (!IDENTIFIER.test(tag)) return [];
  const type = tag === 'input' ? element.getAttribute('type') : null;
  let base = type && IDENTIFIER.test(type) ? `${tag}[type="${type}"]` : tag;
  const href = tag === 'a' ? /^(tel|sms|callto):/i.exec(element.getAttribute('href') ?? '')?.[1] : undefined;
  if (href) base = `${tag}[href^="${href.toLowerCase()}:" i]`;
  const named = (css: string): SimpleSelector => ({ css, named: true });
  const classes = stableClasses(element);
  return [
    ...stableAttributes(element, own).map(([name, value]) => named(`${base}[${name}=${quote(value)}]`)),
    ...(element.id && !looksGenerated(element.id) ? [named(`${base}#${element.id}`)] : []),
    ...classes.map((name) => named(`${base}.${name}`)),
    ...(classes.length > 1 ? [named(`${base}.${classes.join('.')}`)] : []),
    { css: base, named: false },
  ];
}
