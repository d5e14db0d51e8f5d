import type { ContactSearchIndex } from '../contacts/contact-search-index';
import type { TextColumn } from '../contacts/text-column';
import { isBooleanField, type ContactFilter, type FilterRule } from '../../shared/contact-filter';
import { comparable, textMatcher } from './contact-filter';

export type Combinator = ContactFilter['combinator'];

/**
 * A group filter evaluated against the contact index instead of the contacts themselves, a column at
 * a time: each text rule is worked out once per distinct value of its field, then folded into the
 * result in one pass over the field's numbers (`and` looks only where the result is still 1, `or`
 * where it is still 0). The result holds 1 for each slot that matches (holes and slots past the end
 * included: callers walk the index's order). The same answers as compileFilter (the tests hold the
 * two side by side). Use it at once, before the next write.
 */
export function matchSlots(filter: ContactFilter<string>, index: ContactSearchIndex, valuesOf: ValuesOf = ruleValues()): Uint8Array {
  const { combinator } = filter;
  const result = new Uint8Array(index.slotCapacity).fill(combinator === 'and' ? 1 : 0);
  for (const rule of filter.rules) {
    if ('combinator' in rule) fold(result, matchSlots(rule, index, valuesOf), combinator);
    else foldRule(rule, index, result, combinator, valuesOf);
  }
  return result;
}

/** A text rule's matching values (by value number) in its column. */
export type ValuesOf = (rule: FilterRule<string>, column: TextColumn) => Uint8Array;

/** ValuesOf that works each rule's values out once (scanning a column's values is the costly part). */
export function ruleValues(): ValuesOf {
  const known = new Map<FilterRule<string>, Uint8Array>();
  return (rule, column) => {
    let values = known.get(rule);
    if (!values) known.set(rule, (values = column.valuesMatching(rule.op, comparable(rule.value))));
    return values;
  };
}

function foldRule(rule: FilterRule<string>, index: ContactSearchIndex, result: Uint8Array, combinator: Combinator, valuesOf: ValuesOf): void {
  if (isBooleanField(rule.field)) return index.foldFlag(rule.field, rule.op === 'is_true', result, combinator);
  const column = index.column(rule.field);
  if (!column) {
    const always = textMatcher(rule.op, comparable(rule.value))('');
    if (combinator === 'and' && !always) result.fill(0);
    if (combinator === 'or' && always) result.fill(1);
    return;
  }
  column.foldSlots(valuesOf(rule, column), result, combinator);
}

function fold(result: Uint8Array, other: Uint8Array, combinator: Combinator): void {
  if (combinator === 'and') for (let slot = 0; slot < result.length; slot++) result[slot]! &= other[slot]!;
  else for (let slot = 0; slot < result.length; slot++) result[slot]! |= other[slot]!;
}
