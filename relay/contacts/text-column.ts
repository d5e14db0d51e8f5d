import type { FilterOp as FilterOperator } from '../../shared/contact-filter';
import { comparable, textMatcher } from '../groups/contact-filter';
import { StringIndex } from '../store/string-index';
import { lastAtOrBefore } from './search-haystack';

const FEW_VALUES = 4096;
/** How many first characters the values are grouped by for starts_with. */
const PREFIX = 3;
/** Text that comparable() leaves as it is (once lowercase): no ё, and each space a single ' ' between words. */
const SAME_FOR_FILTERS = /^(?:[^\sё]+(?: [^\sё]+)*)?$/;

/**
 * One text field of every contact, by slot, dictionary-encoded: each distinct value is held once
 * (a hundred thousand contacts of a few hundred companies hold a few hundred account names), and a
 * slot holds only its value's number. A value is kept in two forms: as search compares it (lowercase)
 * and as a filter compares it (also trimmed, spaces collapsed, ё as е) — one string when they are equal.
 * Number 0 is the empty value, which a missing one also is.
 *
 * Values are counted in by intern() and out by release(), so that a value no slot holds any more is
 * dropped; assign() puts an interned value at a slot (and releases the one there).
 */
export class TextColumn {
  /** 16-bit numbers until a value's number needs more (most columns: cities, companies, owners, never). */
  private ids: Uint16Array | Uint32Array = new Uint16Array(0);
  private readonly lower: string[] = [''];
  /** The filter form of the values where it is not the search form (most values are the same in both). */
  private readonly comparedWhereOther = new Map<number, string>();
  /** Every value's filter form, by number, while no value comes or goes (for scans). */
  private comparedForms?: string[];
  private uses = new Uint32Array(1024);
  private readonly idOfLower = new StringIndex((id) => this.lower[id]!);
  /** While the column has few values (cities, companies, owners): each value as written, to skip lowercasing it again. */
  private readonly idOfWritten = new Map<string, number>();
  private readonly freeIds: number[] = [];
  /** Each form's values joined, each after a NUL, for a scan of all values at once; dropped when a value comes or goes. */
  private joined: { lower?: Joined; compared?: Joined } = {};
  /** The values (filter form) by their first PREFIX characters; dropped when a value comes or goes. */
  private byPrefix?: Map<string, number[]>;
  /** Values with a NUL in them, which the joined text cannot hold apart. */
  private valuesWithNul = 0;
  /** Counts the changes of any slot's value: the postings below are of one version. */
  private version = 0;
  private postingsOf?: Postings & { version: number };

  /** The value's number, counted as one more use (0 for an empty or missing value). */
  intern(value: string | null | undefined): number {
    if (!value) return 0;
    let id = this.idOfWritten.get(value);
    if (id === undefined) {
      // toLowerCase is toLocaleLowerCase('ru') — only Turkish, Azeri and Lithuanian differ — at a fraction of the cost.
      const lower = value.toLowerCase();
      id = this.idOfLower.get(lower) ?? this.add(lower);
      if (this.idOfLower.size <= FEW_VALUES) this.idOfWritten.set(value, id);
      else this.idOfWritten.clear();
    }
    this.uses[id]!++;
    return id;
  }

  /** One use fewer; the value is dropped when none is left. */
  release(id: number): void {
    if (id === 0 || --this.uses[id]! > 0) return;
    this.idOfWritten.clear();
    this.dropScans();
    if (this.lower[id]!.includes('\0')) this.valuesWithNul--;
    this.idOfLower.delete(this.lower[id]!);
    this.lower[id] = '';
    this.comparedWhereOther.delete(id);
    this.freeIds.push(id);
  }

  /** Puts the (interned) value `id` at `slot`, releasing the one that was there. */
  assign(slot: number, id: number): void {
    if (slot >= this.ids.length) {
      // A custom field few contacts have costs nothing for the others.
      if (id === 0) return;
      this.grow(slot);
    }
    if (id > 0xffff && this.ids instanceof Uint16Array) this.ids = new Uint32Array(this.ids);
    if (this.ids[slot] !== id) this.version++;
    this.release(this.ids[slot]!);
    this.ids[slot] = id;
  }

  /** How many slots hold the value (or are about to: a prepared write counts its values in). */
  usesOf(id: number): number {
    return id < this.lower.length ? this.uses[id]! : 0;
  }

  /**
   * The slots that hold each value, by value number, worked out (one counting pass) when asked after
   * a change: a rule that matches a few values then visits only their slots, not every slot.
   */
  postings(): Postings {
    if (this.postingsOf?.version === this.version) return this.postingsOf;
    const { ids } = this;
    const starts = new Int32Array(this.lower.length + 1);
    for (let slot = 0; slot < ids.length; slot++) starts[ids[slot]! + 1]!++;
    for (let id = 0; id < this.lower.length; id++) starts[id + 1]! += starts[id]!;
    const next = starts.slice(0, this.lower.length);
    const slots = new Int32Array(ids.length);
    for (let slot = 0; slot < ids.length; slot++) slots[next[ids[slot]!]!++] = slot;
    this.postingsOf = { starts, slots, version: this.version };
    return this.postingsOf;
  }

  idOf(slot: number): number {
    return slot < this.ids.length ? this.ids[slot]! : 0;
  }

  /**
   * Folds "the slot's value is marked 1 in `matching`" (by value number) into `result`, by slot:
   * `and` clears where it is not, `or` sets where it is.
   */
  foldSlots(matching: Uint8Array, result: Uint8Array, combinator: 'and' | 'or'): void {
    const { ids } = this;
    const known = Math.min(result.length, ids.length);
    if (combinator === 'and') {
      for (let slot = 0; slot < known; slot++) if (result[slot] === 1) result[slot] = matching[ids[slot]!]!;
      if (known < result.length && matching[0] !== 1) result.fill(0, known);
    } else {
      for (let slot = 0; slot < known; slot++) if (result[slot] === 0) result[slot] = matching[ids[slot]!]!;
      if (known < result.length && matching[0] === 1) result.fill(1, known);
    }
  }

  /** The slot's value as search compares it. */
  lowerAt(slot: number): string {
    return this.lower[this.idOf(slot)]!;
  }

  /**
   * By number, 1 for each value that a filter rule's text operator matches (as compileFilter's
   * textMatcher does), with one scan of the values joined where there is a needle to look for.
   */
  valuesMatching(op: FilterOperator, needle: string): Uint8Array {
    const positive = op === 'neq' ? 'eq' : op === 'not_contains' ? 'contains' : op;
    const pattern = positive === 'eq' ? `\0${needle}\0` : positive === 'starts_with' ? `\0${needle}` : positive === 'contains' ? needle : null;
    if (pattern === null || needle === '') return this.valuesWhere(this.compared(), textMatcher(op, needle));
    const result =
      (positive === 'starts_with' && needle.length >= PREFIX ? this.valuesStartingWith(needle) : this.scan('compared', pattern, needle, textMatcher(positive, needle))) ??
      new Uint8Array(this.lower.length);
    if (positive !== op) for (let id = 0; id < result.length; id++) result[id] = result[id]! ^ 1;
    return result;
  }

  /** By number, 1 for each value whose search form contains `needle` (not empty); undefined when none does. */
  valuesContaining(needle: string): Uint8Array | undefined {
    return this.scan('lower', needle, needle, (value) => value.includes(needle));
  }

  /**
   * The values (filter form, by number) that start with `needle` (PREFIX characters or more): only the
   * values that share its first characters are tried. A scan of the joined text for NUL + needle stops
   * at every value's NUL, which for a hundred thousand e-mails costs milliseconds.
   */
  private valuesStartingWith(needle: string): Uint8Array | undefined {
    const compared = this.compared();
    const candidates = (this.byPrefix ??= groupByPrefix(compared)).get(needle.slice(0, PREFIX));
    let found: Uint8Array | undefined;
    for (const id of candidates ?? []) if (compared[id]!.startsWith(needle)) (found ??= new Uint8Array(compared.length))[id] = 1;
    return found;
  }

  private dropScans(): void {
    this.joined = {};
    this.byPrefix = undefined;
    this.comparedForms = undefined;
  }

  private compared(): string[] {
    return (this.comparedForms ??= this.lower.map((lower, id) => this.comparedWhereOther.get(id) ?? lower));
  }

  /**
   * The values (by number) in which `pattern` occurs in the joined text, NUL standing for the edges
   * of a value — or, where NUL cannot tell values apart, those that pass `test`; undefined: none.
   */
  private scan(form: 'lower' | 'compared', pattern: string, needle: string, test: (value: string) => boolean): Uint8Array | undefined {
    const values = form === 'lower' ? this.lower : this.compared();
    if (this.valuesWithNul > 0 || needle.includes('\0')) {
      const found = this.valuesWhere(values, test);
      return found.includes(1) ? found : undefined;
    }
    const { text, starts } = (this.joined[form] ??= joinAfterNul(values));
    let found: Uint8Array | undefined;
    for (let at = text.indexOf(pattern); at !== -1;) {
      const id = lastAtOrBefore(starts, at);
      (found ??= new Uint8Array(values.length))[id] = 1;
      if (id + 1 >= starts.length) break;
      at = text.indexOf(pattern, starts[id + 1]!);
    }
    return found;
  }

  private valuesWhere(values: string[], test: (value: string) => boolean): Uint8Array {
    const result = new Uint8Array(values.length);
    values.forEach((value, id) => (result[id] = test(value) ? 1 : 0));
    return result;
  }

  private add(lower: string): number {
    if (lower === '') return 0;
    const id = this.freeIds.pop() ?? this.lower.length;
    this.lower[id] = lower;
    if (!SAME_FOR_FILTERS.test(lower)) this.comparedWhereOther.set(id, comparable(lower));
    if (lower.includes('\0')) this.valuesWithNul++;
    this.dropScans();
    if (id >= this.uses.length) {
      const grown = new Uint32Array(Math.ceil(this.uses.length * 1.25));
      grown.set(this.uses);
      this.uses = grown;
    }
    this.uses[id] = 0;
    this.idOfLower.set(lower, id);
    return id;
  }

  private grow(slot: number): void {
    const size = Math.max(slot + 1, this.ids.length * 2, 1024);
    const grown = this.ids instanceof Uint16Array ? new Uint16Array(size) : new Uint32Array(size);
    grown.set(this.ids);
    this.ids = grown;
  }
}

/** The slots of value id are slots[starts[id]] … slots[starts[id + 1] − 1], in slot order. */
export interface Postings {
  starts: Int32Array;
  slots: Int32Array;
}

interface Joined {
  text: string;
  /** Where value id's NUL is. */
  starts: Int32Array;
}

/** Value numbers by their first PREFIX characters (values shorter than that are never a candidate). */
function groupByPrefix(values: string[]): Map<string, number[]> {
  const groups = new Map<string, number[]>();
  values.forEach((value, id) => {
    if (value.length < PREFIX) return;
    const key = value.slice(0, PREFIX);
    const group = groups.get(key);
    if (group) group.push(id);
    else groups.set(key, [id]);
  });
  return groups;
}

/** The values, each after a NUL, and a closing NUL. */
function joinAfterNul(values: string[]): Joined {
  const starts = new Int32Array(values.length);
  let offset = 0;
  values.forEach((value, id) => {
    starts[id] = offset;
    offset += value.length + 1;
  });
  return { text: `\0${values.join('\0')}\0`, starts };
}
