import type { ContactView } from '../../shared/api';
import { FlaggedNumbers, flaggedDigits } from './flagged-numbers';
import { PackedTexts } from './packed-texts';
import { HAYSTACK_BLOCK, SearchHaystack } from './search-haystack';
import { TextColumn } from './text-column';
import { WatchedNumbers } from './watched-numbers';

/** The text fields search and filters read (custom fields come on top, as `fields.<name>`). */
export const INDEXED_TEXT_FIELDS = ['name', 'firstName', 'lastName', 'account', 'owner', 'city', 'email', 'adapter'] as const;
export type IndexedTextField = (typeof INDEXED_TEXT_FIELDS)[number];

const CUSTOM_FIELD_PREFIX = 'fields.';
const DO_NOT_USE_SMS = 1;
const SMS_ALLOWED = 2;
const HAS_PHONE = 4;
const HAS_MOBILE = 8;
/** Below this many holes, the order is not worth closing up. */
const MIN_COMPACTION = 4096;

const textOf: Record<IndexedTextField, (contact: ContactView) => string | null | undefined> = {
  name: (c) => c.name,
  firstName: (c) => c.firstName,
  lastName: (c) => c.lastName,
  account: (c) => c.account,
  owner: (c) => c.owner,
  city: (c) => c.city,
  email: (c) => c.email,
  adapter: (c) => c.source?.adapter,
};

/** A contact worked out for the index but not yet in it: its values are counted in, it holds no slot. */
export interface PreparedContact {
  /** By INDEXED_TEXT_FIELDS. */
  ids: number[];
  custom: [string, TextColumn, number][];
  phoneDigits: string;
  /** Its valid numbers (E.164 digits), for the watched numbers. */
  numbers: string[];
  bits: number;
  /** Its valid numbers while it is flagged «Не использовать SMS». */
  flagged: string[];
}

/**
 * What contact search and group filters need of every contact, in memory, by the contact's slot in
 * the record log: the text fields and custom fields (dictionary-encoded), the digits of its phones,
 * the yes/no facts (has a phone, has a mobile, do not use SMS). The contact store keeps it on every
 * write and builds it at open, so search and counts never read the directory; only the contacts found
 * are read from disk.
 *
 * It also keeps the directory's order — the order `all()` reads the file in, by each contact's latest
 * write — as a list of slots in which a rewritten contact leaves a hole and moves to the end; search
 * scans the order's text in blocks (SearchHaystack).
 *
 * A write is prepare() before it (the costly part — lowercasing, dictionary look-ups — of which no
 * reader sees anything), then apply() once it is on disk, or discard() when it failed.
 */
export class ContactSearchIndex {
  /** The numbers of the contacts flagged «Не использовать SMS»; read-only for everyone but the index. */
  readonly flagged = new FlaggedNumbers();
  /** The numbers replies came from, with the contacts that have each; read-only for everyone but the index and contactsWithNumber. */
  readonly watched = new WatchedNumbers();
  private bits = new Uint8Array(0);
  private readonly columns = INDEXED_TEXT_FIELDS.map(() => new TextColumn());
  private readonly customColumns = new Map<string, TextColumn>();
  /** Of the custom fields stored (a write that failed may have made a column). */
  private readonly fieldNames = new Set<string>();
  /** By slot: each phone's digits as search compares them, joined by ",". */
  private readonly phoneDigits = new PackedTexts();
  /** Slots in directory order; −1 where a contact was before it was written again. */
  private order = new Int32Array(1024);
  private orderLength = 0;
  /** By slot: its place in `order`, plus one (0: not in the index). */
  private placeOf = new Uint32Array(0);
  private live = 0;
  // Sketches let a needle skip the blocks that cannot hold it: 16 bytes a contact in all. Phone digits
  // get longer pieces, as ten digits give few distinct short ones (and make indexOf crawl).
  private readonly names = new SearchHaystack((place) => this.atPlace(place, (slot) => this.text('name').lowerAt(slot)), { gram: 3, bits: 1 << 15 });
  private readonly emails = new SearchHaystack((place) => this.atPlace(place, (slot) => this.text('email').lowerAt(slot)), { gram: 4, bits: 1 << 15 });
  private readonly phones = new SearchHaystack((place) => this.atPlace(place, (slot) => this.phoneDigits.get(slot)), { gram: 5, bits: 1 << 16 });

  get size(): number {
    return this.live;
  }

  prepare(contact: ContactView): PreparedContact {
    const fields = contact.fields ?? {};
    return {
      ids: INDEXED_TEXT_FIELDS.map((field, k) => this.columns[k]!.intern(textOf[field](contact))),
      custom: Object.keys(fields).map((name) => {
        const column = this.customColumn(name);
        return [name, column, column.intern(fields[name])];
      }),
      phoneDigits: contact.phones.map((p) => p.digits ?? p.number.replace(/\D/g, '')).join(','),
      numbers: contact.phones.flatMap((p) => (p.digits ? [p.digits] : [])),
      bits: bitsOf(contact),
      flagged: flaggedDigits(contact),
    };
  }

  /** Puts a prepared contact at its slot (a new one, or a new version of the one there). */
  apply(prepared: PreparedContact, slot: number): void {
    if (slot >= this.bits.length) this.grow(slot);
    const { ids, custom } = prepared;
    for (let k = 0; k < ids.length; k++) this.columns[k]!.assign(slot, ids[k]!);
    if (this.customColumns.size > 0) {
      for (const column of this.customColumns.values()) column.assign(slot, custom.find(([, given]) => given === column)?.[2] ?? 0);
    }
    for (const [name] of custom) this.fieldNames.add(name);
    this.phoneDigits.set(slot, prepared.phoneDigits);
    this.bits[slot] = prepared.bits;
    this.flagged.set(slot, prepared.flagged);
    this.watched.set(slot, prepared.numbers);
    this.moveToEnd(slot);
  }

  /** Counts a prepared contact's values out again (its write failed). */
  discard(prepared: PreparedContact): void {
    prepared.ids.forEach((id, k) => this.columns[k]!.release(id));
    for (const [, column, id] of prepared.custom) column.release(id);
  }

  add(contact: ContactView, slot: number): void {
    this.apply(this.prepare(contact), slot);
  }

  doNotUseSms(slot: number): boolean | null {
    const bits = this.bits[slot]!;
    return bits & DO_NOT_USE_SMS ? true : bits & SMS_ALLOWED ? false : null;
  }

  hasPhone(slot: number): boolean {
    return (this.bits[slot]! & HAS_PHONE) !== 0;
  }

  hasMobile(slot: number): boolean {
    return (this.bits[slot]! & HAS_MOBILE) !== 0;
  }

  /** Slots 0 … slotCapacity − 1 may hold a contact. */
  get slotCapacity(): number {
    return this.bits.length;
  }

  /** Folds "the yes/no fact is `wanted`" into `result`, by slot (see TextColumn.foldSlots). */
  foldFlag(field: 'hasPhone' | 'hasMobile' | 'doNotUseSms', wanted: boolean, result: Uint8Array, combinator: 'and' | 'or'): void {
    const mask = field === 'hasPhone' ? HAS_PHONE : field === 'hasMobile' ? HAS_MOBILE : DO_NOT_USE_SMS;
    const { bits } = this;
    const yes = wanted ? 1 : 0;
    const keep = combinator === 'and' ? 1 : 0;
    for (let slot = 0; slot < result.length; slot++) if (result[slot] === keep) result[slot] = (bits[slot]! & mask) !== 0 ? yes : yes ^ 1;
  }

  /** Whether the slot holds a contact now. */
  isLive(slot: number): boolean {
    return slot < this.placeOf.length && this.placeOf[slot] !== 0;
  }

  /** Whether the contact at the slot has the yes/no fact (`wanted` true) or has it not (false). */
  flagIs(field: 'hasPhone' | 'hasMobile' | 'doNotUseSms', wanted: boolean, slot: number): boolean {
    const mask = field === 'hasPhone' ? HAS_PHONE : field === 'hasMobile' ? HAS_MOBILE : DO_NOT_USE_SMS;
    return (((this.bits[slot] ?? 0) & mask) !== 0) === wanted;
  }

  /** The contacts' slots marked 1, in directory order. */
  slotsMarked(marks: Uint8Array): number[] {
    const found: number[] = [];
    const { order, orderLength } = this;
    for (let place = 0; place < orderLength; place++) {
      const slot = order[place]!;
      if (slot >= 0 && marks[slot] === 1) found.push(slot);
    }
    return found;
  }

  /** How many contacts are marked 1. */
  countMarked(marks: Uint8Array): number {
    let count = 0;
    const { order, orderLength } = this;
    for (let place = 0; place < orderLength; place++) {
      const slot = order[place]!;
      if (slot >= 0) count += marks[slot]!;
    }
    return count;
  }

  /** A standard text field's column, or a custom field's (`fields.<name>`); undefined: no contact has had it. */
  column(field: string): TextColumn | undefined {
    if (field.startsWith(CUSTOM_FIELD_PREFIX)) return this.customColumns.get(field.slice(CUSTOM_FIELD_PREFIX.length));
    const k = (INDEXED_TEXT_FIELDS as readonly string[]).indexOf(field);
    return k === -1 ? undefined : this.columns[k];
  }

  /** Names of the custom fields some contact has had. */
  customFieldNames(): string[] {
    return [...this.fieldNames].sort();
  }

  /** Calls `visit` with each contact's slot in directory order, until it returns false. */
  forEachSlot(visit: (slot: number) => boolean | void): void {
    const { order, orderLength } = this;
    for (let place = 0; place < orderLength; place++) {
      const slot = order[place]!;
      if (slot >= 0 && visit(slot) === false) return;
    }
  }

  /**
   * Joins the search text of the blocks written since it was last joined, until `deadline`
   * (performance.now()); says whether none is left. Search would join them as it meets them, but a
   * search after a big write would then pay for the whole directory's text at once (100 ms at 100k).
   */
  layOutUntil(deadline: number): boolean {
    const blocks = Math.ceil(this.orderLength / HAYSTACK_BLOCK);
    for (let block = 0; block < blocks; block++) {
      for (const haystack of [this.names, this.emails, this.phones]) haystack.layOut(block, this.orderLength);
      if (block < blocks - 1 && performance.now() > deadline) return false;
    }
    return true;
  }

  /** Whether every block's search text is joined (nothing for a search to lay out first). */
  laidOut(): boolean {
    const blocks = Math.ceil(this.orderLength / HAYSTACK_BLOCK);
    for (let block = 0; block < blocks; block++) {
      for (const haystack of [this.names, this.emails, this.phones]) if (!haystack.isLaidOut(block)) return false;
    }
    return true;
  }

  /**
   * The slots whose phones may hold each of these numbers, by the digits search compares (a phone too
   * invalid to have E.164 digits compares its raw ones): the caller checks the phones themselves.
   */
  slotsMaybeWithNumbers(numbers: ReadonlySet<string>): Map<string, number[]> {
    const found = new Map<string, number[]>();
    this.forEachSlot((slot) => {
      for (const digits of this.phoneDigits.get(slot).split(',')) {
        if (!numbers.has(digits)) continue;
        const slots = found.get(digits);
        if (slots) slots.push(slot);
        else found.set(digits, [slot]);
      }
    });
    return found;
  }

  /**
   * The first `limit` contacts, in directory order, whose name, account or e-mail contains the query
   * (lowercase), or — when the query has three digits or more — one of whose phones contains its digits.
   * An empty query finds the first `limit` contacts.
   */
  search(query: string, limit: number): number[] {
    const needle = query.trim().toLocaleLowerCase('ru');
    const digits = query.replace(/\D/g, '');
    const found: number[] = [];
    if (!needle) {
      this.forEachSlot((slot) => found.push(slot) < limit);
      return found;
    }
    // Companies are few: their names are searched once, and each contact's is looked up.
    const account = this.text('account');
    const accounts = account.valuesContaining(needle);
    if (needle.includes('\0')) {
      const [name, email] = [this.text('name'), this.text('email')];
      const [names, emails] = [name.valuesContaining(needle), email.valuesContaining(needle)];
      this.forEachSlot((slot) => {
        const hit =
          names?.[name.idOf(slot)] || accounts?.[account.idOf(slot)] || emails?.[email.idOf(slot)] || (digits.length >= 3 && this.phoneDigits.get(slot).includes(digits));
        if (hit) found.push(slot);
        return found.length < limit;
      });
      return found;
    }
    const hits: number[] = [];
    const [nameGrams, emailGrams] = [this.names.gramsOf(needle), this.emails.gramsOf(needle)];
    const digitGrams = digits.length >= 3 ? this.phones.gramsOf(digits) : undefined;
    for (let block = 0; block * HAYSTACK_BLOCK < this.orderLength && found.length < limit; block++) {
      hits.length = 0;
      this.names.findInBlock(block, this.orderLength, needle, hits, nameGrams);
      this.emails.findInBlock(block, this.orderLength, needle, hits, emailGrams);
      if (digits.length >= 3) this.phones.findInBlock(block, this.orderLength, digits, hits, digitGrams);
      if (accounts) {
        const end = Math.min(this.orderLength, (block + 1) * HAYSTACK_BLOCK);
        for (let place = block * HAYSTACK_BLOCK; place < end; place++) {
          const slot = this.order[place]!;
          if (slot >= 0 && accounts[account.idOf(slot)]) hits.push(place);
        }
      }
      hits.sort((a, b) => a - b);
      for (let k = 0; k < hits.length && found.length < limit; k++) if (hits[k] !== hits[k - 1]) found.push(this.order[hits[k]!]!);
    }
    return found;
  }

  private text(field: IndexedTextField): TextColumn {
    return this.columns[INDEXED_TEXT_FIELDS.indexOf(field)]!;
  }

  private atPlace(place: number, entry: (slot: number) => string): string {
    const slot = this.order[place]!;
    return slot < 0 ? '' : entry(slot);
  }

  private customColumn(name: string): TextColumn {
    let column = this.customColumns.get(name);
    if (!column) this.customColumns.set(name, (column = new TextColumn()));
    return column;
  }

  private moveToEnd(slot: number): void {
    const place = this.placeOf[slot]!;
    if (place === 0) this.live++;
    else {
      this.order[place - 1] = -1;
      this.changed(place - 1);
    }
    if (this.orderLength === this.order.length) this.makeRoomInOrder();
    this.order[this.orderLength] = slot;
    this.changed(this.orderLength);
    this.placeOf[slot] = ++this.orderLength;
  }

  private changed(place: number): void {
    this.names.changed(place);
    this.emails.changed(place);
    this.phones.changed(place);
  }

  /** Closes the holes when they are as many as the contacts, else doubles the list. */
  private makeRoomInOrder(): void {
    const holes = this.orderLength - this.live;
    if (holes < MIN_COMPACTION || holes < this.live) {
      const grown = new Int32Array(this.order.length * 2);
      grown.set(this.order);
      this.order = grown;
      return;
    }
    let kept = 0;
    for (let place = 0; place < this.orderLength; place++) {
      const slot = this.order[place]!;
      if (slot < 0) continue;
      this.order[kept++] = slot;
      this.placeOf[slot] = kept;
    }
    this.orderLength = kept;
    for (const haystack of [this.names, this.emails, this.phones]) haystack.reset();
  }

  private grow(slot: number): void {
    const size = Math.max(slot + 1, this.bits.length * 2, 1024);
    const bits = new Uint8Array(size);
    bits.set(this.bits);
    this.bits = bits;
    const placeOf = new Uint32Array(size);
    placeOf.set(this.placeOf);
    this.placeOf = placeOf;
  }
}

function bitsOf(contact: ContactView): number {
  let bits = contact.doNotUseSms === true ? DO_NOT_USE_SMS : contact.doNotUseSms === false ? SMS_ALLOWED : 0;
  for (const phone of contact.phones) {
    if (!phone.digits) continue;
    bits |= HAS_PHONE;
    if (phone.type === 'mobile') bits |= HAS_MOBILE;
  }
  return bits;
}
