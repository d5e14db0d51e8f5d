/**
 * Whether a selector would work in `querySelectorAll` of both Chromium and Firefox, checked on the relay
 * so that a team's override is refused in words instead of throwing in every agent's browser.
 *
 * A strict reader of the Selectors Level 4 grammar browsers accept: type and universal selectors, #id,
 * .class, [attribute] with its matchers and the i flag, the pseudo-classes both engines know (with
 * :not/:is/:where/:has/:nth-*), and the four combinators. Stricter than browsers where they forgive
 * (an unclosed string or bracket at the end, unknown arguments of :is, pseudo-elements that match
 * nothing); it should never accept what either refuses (checked against both on a list of cases).
 * (css-what, the parser css-select uses, is lenient on purpose: it takes `div >`, `#1a`, `:foo` and `a$b`.)
 */
export function selectorProblem(selector: string): string | null {
  try {
    new SelectorReader(selector).readWhole();
    return null;
  } catch (error) {
    if (error instanceof SelectorSyntax) return error.message;
    throw error;
  }
}

class SelectorSyntax extends Error {}

const SIMPLE_PSEUDO_CLASSES = new Set([
  'active',
  'any-link',
  'autofill',
  'checked',
  'default',
  'defined',
  'disabled',
  'empty',
  'enabled',
  'first-child',
  'first-of-type',
  'focus',
  'focus-visible',
  'focus-within',
  'fullscreen',
  'hover',
  'in-range',
  'indeterminate',
  'invalid',
  'last-child',
  'last-of-type',
  'link',
  'modal',
  'only-child',
  'only-of-type',
  'optional',
  'out-of-range',
  'placeholder-shown',
  'popover-open',
  'read-only',
  'read-write',
  'required',
  'root',
  'scope',
  'target',
  'user-invalid',
  'user-valid',
  'valid',
  'visited',
]);
/** Old single-colon spellings of pseudo-elements: valid, but they never match an element. */
const LEGACY_PSEUDO_ELEMENTS = new Set(['before', 'after', 'first-line', 'first-letter']);
const SELECTOR_LIST_ARGUMENT = new Set(['not', 'is', 'where']);
const NTH_OF_SELECTOR = new Set(['nth-child', 'nth-last-child']);
const NTH_ONLY = new Set(['nth-of-type', 'nth-last-of-type']);
const AN_PLUS_B = /(?:odd|even|[+-]?\d*n(?:[ \t\n\r\f]*[+-][ \t\n\r\f]*\d+)?|[+-]?\d+)/iy;
const COMBINATORS = '>+~';

const isWhitespace = (c: string | undefined) => c === ' ' || c === '\t' || c === '\n' || c === '\r' || c === '\f';
const isNameStart = (c: string | undefined) => c !== undefined && (/[A-Za-z_]/.test(c) || c.charCodeAt(0) >= 0x80);
const isNameChar = (c: string | undefined) => isNameStart(c) || (c !== undefined && /[0-9-]/.test(c));
const isHex = (c: string | undefined) => c !== undefined && /[0-9A-Fa-f]/.test(c);

class SelectorReader {
  private at = 0;
  private insideHas = false;

  constructor(private readonly text: string) {}

  readWhole(): void {
    this.readList(false);
    if (this.at < this.text.length) this.fail(this.peek() === ')' ? 'a ")" closes nothing' : `unexpected "${this.peek()}"`);
  }

  private peek(offset = 0): string | undefined {
    return this.text[this.at + offset];
  }

  private fail(reason: string): never {
    throw new SelectorSyntax(reason);
  }

  private skipWhitespace(): boolean {
    const start = this.at;
    while (isWhitespace(this.peek())) this.at++;
    return this.at > start;
  }

  /** `a, b > c` up to the end or a closing parenthesis; `relative` lets each start with a combinator (:has). */
  private readList(relative: boolean): void {
    for (;;) {
      this.readComplex(relative);
      this.skipWhitespace();
      if (this.peek() !== ',') return;
      this.at++;
    }
  }

  private readComplex(relative: boolean): void {
    this.skipWhitespace();
    const first = this.peek();
    if (first !== undefined && COMBINATORS.includes(first)) {
      if (!relative) this.fail(`it starts with the combinator "${first}"; something must come before it`);
      this.at++;
      this.skipWhitespace();
    }
    if (!this.readCompound()) {
      const next = this.peek();
      this.fail(
        next === undefined ? 'a selector is missing at the end' : next === ',' || next === ')' ? `a selector is missing before "${next}"` : `unexpected "${next}"`,
      );
    }
    for (;;) {
      const spaced = this.skipWhitespace();
      const next = this.peek();
      if (next !== undefined && COMBINATORS.includes(next)) {
        this.at++;
        this.skipWhitespace();
        if (!this.readCompound()) this.fail(`nothing follows the combinator "${next}"`);
      } else if (spaced && next !== undefined && next !== ',' && next !== ')') {
        if (!this.readCompound()) this.fail(`unexpected "${next}"`);
      } else {
        return;
      }
    }
  }

  /** `div#id.class[attr]:hover`: true when it read anything. */
  private readCompound(): boolean {
    let read = this.readTypeSelector();
    for (;;) {
      const c = this.peek();
      if (c === '#' || c === '.') {
        this.at++;
        if (this.readIdent() === null) {
          this.fail(`"${c}" must be followed by a name that does not start with a digit (escape a leading digit, e.g. ${c}\\31 23 for ${c}123)`);
        }
      } else if (c === '[') {
        this.readAttribute();
      } else if (c === ':') {
        this.readPseudoClass();
      } else {
        return read;
      }
      read = true;
    }
  }

  private readTypeSelector(): boolean {
    const start = this.at;
    const name = this.peek() === '*' ? (this.at++, '*') : this.peek() === '|' ? '' : this.readIdent();
    if (name === null) return false;
    if (this.peek() === '|' && this.peek(1) !== '=') {
      if (name !== '*' && name !== '') this.fail(`the namespace prefix "${name}|" is not declared on a page; use "*|" or none`);
      this.at++;
      if (this.peek() === '*') this.at++;
      else if (this.readIdent() === null) this.fail('an element name or "*" must follow "|"');
    } else if (name === '') {
      this.at = start;
      return false;
    }
    return true;
  }

  private readAttribute(): void {
    this.at++;
    this.skipWhitespace();
    const name = this.peek() === '*' ? (this.at++, '*') : this.peek() === '|' ? '' : this.readIdent();
    if (name === null) this.fail('an attribute name must follow "["');
    if (this.peek() === '|' && this.peek(1) !== '=') {
      if (name !== '*' && name !== '') this.fail(`the namespace prefix "${name}|" is not declared on a page; use "*|" or none`);
      this.at++;
      if (this.readIdent() === null) this.fail('an attribute name must follow "|"');
    } else if (name === '*' || name === '') {
      this.fail('an attribute name must follow "["');
    }
    this.skipWhitespace();
    if (this.peek() === undefined) this.fail(`the attribute selector [${name}… is not closed with "]"`);
    if (this.peek() === ']') return void this.at++;
    if (this.peek() === '=') this.at++;
    else if ('~|^$*'.includes(this.peek() ?? '@') && this.peek(1) === '=') this.at += 2;
    else this.fail(`an attribute selector [${name}…] needs =, ~=, |=, ^=, $= or *= and a value, or "]"`);
    this.skipWhitespace();
    const quote = this.peek();
    if (quote === '"' || quote === "'") this.readString(quote);
    else if (this.readIdent() === null) this.fail(`the value of [${name}…] must be quoted ("…") unless it is a plain name`);
    this.skipWhitespace();
    const flag = this.readIdent();
    // Chromium does not take the "s" flag.
    if (flag !== null && !/^i$/i.test(flag)) this.fail(`"${flag}" is not an attribute flag that both Chromium and Firefox know (only i is)`);
    this.skipWhitespace();
    if (this.peek() !== ']') this.fail(`the attribute selector [${name}…] is not closed with "]"`);
    this.at++;
  }

  private readString(quote: string): void {
    this.at++;
    for (;;) {
      const c = this.peek();
      if (c === undefined) this.fail(`a quoted string is not closed with ${quote}`);
      if (c === quote) return void this.at++;
      if (c === '\n' || c === '\r' || c === '\f') this.fail('a quoted string must not break across lines');
      if (c === '\\') {
        const next = this.peek(1);
        if (next === undefined) this.fail(`a quoted string is not closed with ${quote}`);
        if (next === '\n' || next === '\r' || next === '\f') this.at += 2;
        else this.readEscape();
      } else {
        this.at++;
      }
    }
  }

  private readPseudoClass(): void {
    this.at++;
    if (this.peek() === ':') {
      this.fail(`"::${this.text.slice(this.at + 1).match(/^[-\w]*/)![0]}" is a pseudo-element, which never matches an element of the page`);
    }
    const name = this.readIdent();
    if (name === null) this.fail('a pseudo-class name must follow ":"');
    const lower = name.toLowerCase();
    if (this.peek() !== '(') {
      if (LEGACY_PSEUDO_ELEMENTS.has(lower)) this.fail(`":${name}" is a pseudo-element, which never matches an element of the page`);
      if (!SIMPLE_PSEUDO_CLASSES.has(lower)) {
        const functional = SELECTOR_LIST_ARGUMENT.has(lower) || NTH_OF_SELECTOR.has(lower) || NTH_ONLY.has(lower) || ['has', 'lang', 'dir'].includes(lower);
        this.fail(functional ? `":${name}" needs an argument in parentheses` : `":${name}" is not a pseudo-class that both Chromium and Firefox know`);
      }
      return;
    }
    this.at++;
    this.skipWhitespace();
    if (SELECTOR_LIST_ARGUMENT.has(lower)) {
      this.readList(false);
    } else if (lower === 'has') {
      if (this.insideHas) this.fail('":has()" cannot be used inside another ":has()"');
      this.insideHas = true;
      this.readList(true);
      this.insideHas = false;
    } else if (NTH_OF_SELECTOR.has(lower) || NTH_ONLY.has(lower)) {
      this.readAnPlusB(name);
      const spaced = this.skipWhitespace();
      if (NTH_OF_SELECTOR.has(lower) && spaced && /^of[ \t\n\r\f]/i.test(this.text.slice(this.at, this.at + 3))) {
        this.at += 2;
        this.readList(false);
      }
    } else if (lower === 'lang') {
      // Chromium takes one unquoted language code only.
      if (this.readIdent() === null) this.fail('":lang()" takes one language code such as ru or en-US');
    } else if (lower === 'dir') {
      const direction = this.readIdent();
      if (direction === null || !/^(ltr|rtl)$/i.test(direction)) this.fail('":dir()" takes ltr or rtl');
    } else {
      this.fail(`":${name}()" is not a pseudo-class that both Chromium and Firefox know`);
    }
    this.skipWhitespace();
    if (this.peek() !== ')') this.fail(`":${name}(" is not closed with ")"${this.peek() === undefined ? '' : ` (found "${this.peek()}")`}`);
    this.at++;
  }

  private readAnPlusB(name: string): void {
    AN_PLUS_B.lastIndex = this.at;
    const match = AN_PLUS_B.exec(this.text);
    if (!match) this.fail(`":${name}()" takes a position such as 2, odd, even or 2n+1`);
    this.at += match[0].length;
    if (isNameChar(this.peek())) this.fail(`":${name}()" takes a position such as 2, odd, even or 2n+1`);
  }

  /** A CSS identifier (with escapes), or null (nothing read) when none starts here. */
  private readIdent(): string | null {
    const start = this.at;
    const c = this.peek();
    const startsIdent = c === '-' ? isNameStart(this.peek(1)) || this.peek(1) === '-' || this.escapeAt(this.at + 1) : isNameStart(c) || this.escapeAt(this.at);
    if (!startsIdent) return null;
    if (c === '-') this.at++;
    for (;;) {
      if (isNameChar(this.peek())) this.at++;
      else if (this.escapeAt(this.at)) this.readEscape();
      else return this.text.slice(start, this.at);
    }
  }

  private escapeAt(index: number): boolean {
    const next = this.text[index + 1];
    return this.text[index] === '\\' && next !== undefined && next !== '\n' && next !== '\r' && next !== '\f';
  }

  private readEscape(): void {
    this.at++;
    if (isHex(this.peek())) {
      for (let digits = 0; digits < 6 && isHex(this.peek()); digits++) this.at++;
      if (isWhitespace(this.peek())) this.at++;
    } else {
      this.at += (this.text.codePointAt(this.at) ?? 0) > 0xffff ? 2 : 1;
    }
  }
}
