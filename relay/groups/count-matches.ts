import type { ContactSearchIndex } from '../contacts/contact-search-index';
import type { TextColumn } from '../contacts/text-column';
import { isBooleanField, type ContactFilter, type FilterRule } from '../../shared/contact-filter';
import { comparable, textMatcher } from './contact-filter';
import { matchSlots, ruleValues, type ValuesOf } from './indexed-filter';

/**
 * An `and` whose most selective text rule picks fewer contacts than this share of the slots is
 * counted by visiting those contacts, each tested against the whole filter; otherwise every rule is
 * folded over every slot. Measured on the bench directory (100k and 1M contacts): «city and VIP and
 * has mobile», whose city picks 6.7 %, takes 0.3 ms visited against 1.6 ms folded at 100k, and 4.7
 * against 14 ms at 1M — a fold costs a pass over the slots per rule, a visit one test per contact.
 */
const SELECTIVE_AND = 1 / 8;
/**
 * An `or` of text rules is visited while their values' holders together are at most this share of
 * the slots. A visit is a look at a mark where a fold is a pass over every slot per rule, but visits
 * jump about: «e-mail contains @ or name contains а», twice the directory, took 12 ms visited and
 * 10 ms folded at 100k contacts (126 and 95 at 1M); at 30 % they cost the same.
 */
const SELECTIVE_OR = 1 / 2;

/**
 * How many contacts a group filter matches, as countMarked(matchSlots()) says, but without a pass
 * over every slot where it can: when a text rule of an `and` matches values that few contacts hold,
 * only those contacts are visited, each tested against the whole filter — a count of «account =
 * Ромашка» visits the 630 contacts that have it, not the 100,000 in the directory. An `or` whose
 * every rule is such a text rule visits the contacts holding any of their values, each counted the
 * first time it is met, unless they are most of the directory: a visit is one look at a mark, where
 * folding costs a pass over every slot per rule and one more to count. «name contains … or e-mail
 * starts with …», 8.6 % of the bench directory, takes 0.5–1 ms visited where it took 2–3.5 ms
 * folded at 100k contacts, and 15 ms where it took 29 ms at 1M.
 */
export function countMatches(filter: ContactFilter<string>, index: ContactSearchIndex): number {
  const valuesOf = ruleValues();
  const drivers = filter.rules.map((rule) => ('combinator' in rule ? undefined : selectiveValues(rule, index, valuesOf)));
  if (filter.combinator === 'and') {
    let best: Driver | undefined;
    let fewest = Infinity;
    for (const driver of drivers) {
      const contacts = driver ? holders(driver) : Infinity;
      if (contacts < fewest) [best, fewest] = [driver, contacts];
    }
    if (best && fewest <= index.slotCapacity * SELECTIVE_AND) return countVisited(best, index, slotTest(filter, index, valuesOf));
  } else if (drivers.every((driver) => driver !== undefined)) {
    const all = drivers as Driver[];
    if (all.reduce((sum, driver) => sum + holders(driver), 0) <= index.slotCapacity * SELECTIVE_OR) return countHolders(all, index);
  }
  return index.countMarked(matchSlots(filter, index, valuesOf));
}

interface Driver {
  column: TextColumn;
  /** By value number, 1 for each value the rule matches. */
  values: Uint8Array;
}

/** The values a text rule matches, when the empty value is not one of them (contacts without the field are not listed by value). */
function selectiveValues(rule: FilterRule<string>, index: ContactSearchIndex, valuesOf: ValuesOf): Driver | undefined {
  if (isBooleanField(rule.field)) return undefined;
  const column = index.column(rule.field);
  if (!column) return undefined;
  const values = valuesOf(rule, column);
  return values[0] === 1 ? undefined : { column, values };
}

/**
 * Calls `visit` with each number marked 1, looking four at a time: a rule on a field of a hundred
 * thousand distinct values (e-mails) matches a few thousand of them, and a byte-by-byte pass over
 * the rest took a third of a millisecond.
 */
function eachMarked(values: Uint8Array, visit: (id: number) => void): void {
  const whole = values.byteOffset % 4 === 0 ? values.length >>> 2 : 0;
  const words = new Uint32Array(values.buffer, values.byteOffset, whole);
  for (let word = 0; word < whole; word++) {
    if (words[word] === 0) continue;
    for (let id = word * 4; id < word * 4 + 4; id++) if (values[id] === 1) visit(id);
  }
  for (let id = whole * 4; id < values.length; id++) if (values[id] === 1) visit(id);
}

/** How many contacts hold one of the driver's values. */
function holders({ column, values }: Driver): number {
  let contacts = 0;
  eachMarked(values, (id) => (contacts += column.usesOf(id)));
  return contacts;
}

/** Counts the live contacts holding a value of the driver that `counts(slot)`. */
function countVisited({ column, values }: Driver, index: ContactSearchIndex, counts: (slot: number) => boolean): number {
  let count = 0;
  const { starts, slots } = column.postings();
  eachMarked(values, (id) => {
    for (let at = starts[id]!; at < starts[id + 1]!; at++) {
      const slot = slots[at]!;
      if (index.isLive(slot) && counts(slot)) count++;
    }
  });
  return count;
}

/** Counts the live contacts holding a value of any of the drivers, each once (a contact two of them hold is met twice). */
function countHolders(drivers: Driver[], index: ContactSearchIndex): number {
  const met = new Uint8Array(index.slotCapacity);
  let count = 0;
  for (const { column, values } of drivers) {
    const { starts, slots } = column.postings();
    eachMarked(values, (id) => {
      for (let at = starts[id]!; at < starts[id + 1]!; at++) {
        const slot = slots[at]!;
        if (met[slot] === 0 && index.isLive(slot)) {
          met[slot] = 1;
          count++;
        }
      }
    });
  }
  return count;
}

/** The filter as a test of one slot, each text rule's values worked out once. */
function slotTest(filter: ContactFilter<string>, index: ContactSearchIndex, valuesOf: ValuesOf): (slot: number) => boolean {
  const tests = filter.rules.map((rule): ((slot: number) => boolean) => {
    if ('combinator' in rule) return slotTest(rule, index, valuesOf);
    if (isBooleanField(rule.field)) {
      const field = rule.field;
      const wanted = rule.op === 'is_true';
      return (slot) => index.flagIs(field, wanted, slot);
    }
    const column = index.column(rule.field);
    if (!column) {
      const always = textMatcher(rule.op, comparable(rule.value))('');
      return () => always;
    }
    const values = valuesOf(rule, column);
    return (slot) => values[column.idOf(slot)] === 1;
  });
  // Plain loops: every((matches) => matches(slot)) would make a closure for each contact visited (600 KB of garbage a count).
  if (filter.combinator === 'and') {
    return (slot) => {
      for (let k = 0; k < tests.length; k++) if (!tests[k]!(slot)) return false;
      return true;
    };
  }
  return (slot) => {
    for (let k = 0; k < tests.length; k++) if (tests[k]!(slot)) return true;
    return false;
  };
}
