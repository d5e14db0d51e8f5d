import type { ContactSearchIndex } from '../contacts/contact-search-index';
import { comparable, isYesNoField, textMatcher, type ContactFilter, type FilterRule } from './contact-filter';

/**
 * A group filter evaluated against the contact index instead of the contacts themselves, a column at
 * a time: each text rule is worked out once per distinct value of its field, then spread over the
 * slots in one pass of the field's numbers; `and` / `or` combine whole columns. The result holds 1 for
 * each slot that matches (holes and slots past the end included: callers walk the index's order).
 * The same answers as compileFilter (the tests hold the two side by side). Use it at once, before the
 * next write.
 */
export function matchSlots(filter: ContactFilter, index: ContactSearchIndex): Uint8Array {
  const size = index.slotCapacity;
  const columns = filter.rules.map((rule) => ('combinator' in rule ? matchSlots(rule, index) : matchRule(rule, index, size)));
  if (columns.length === 0) return new Uint8Array(size).fill(filter.combinator === 'and' ? 1 : 0);
  const [result, ...rest] = columns as [Uint8Array, ...Uint8Array[]];
  for (const column of rest) {
    if (filter.combinator === 'and') for (let slot = 0; slot < size; slot++) result[slot]! &= column[slot]!;
    else for (let slot = 0; slot < size; slot++) result[slot]! |= column[slot]!;
  }
  return result;
}

function matchRule(rule: FilterRule, index: ContactSearchIndex, size: number): Uint8Array {
  if (isYesNoField(rule.field)) return index.slotsFlagged(rule.field, rule.op === 'is_true');
  const needle = comparable(rule.value);
  const column = index.column(rule.field);
  if (!column) return new Uint8Array(size).fill(textMatcher(rule.op, needle)('') ? 1 : 0);
  return column.slotsWith(column.valuesMatching(rule.op, needle), size);
}
