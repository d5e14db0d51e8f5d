import type { ContactSearchIndex } from '../contacts/contact-search-index';
import { comparable, isYesNoField, textMatcher, type ContactFilter, type FilterRule } from './contact-filter';

type SlotTest = (slot: number) => boolean;

/**
 * A group filter evaluated against the contact index instead of the contacts themselves: the same
 * answers as compileFilter (the tests hold the two side by side), with each text rule worked out once
 * per distinct value of its field rather than once per contact. Use the test at once, before the
 * next write: a write may give a value's number to another value.
 */
export function compileIndexedFilter(filter: ContactFilter, index: ContactSearchIndex): SlotTest {
  const tests = filter.rules.map((rule) => ('combinator' in rule ? compileIndexedFilter(rule, index) : compileRule(rule, index)));
  if (tests.length === 1) return tests[0]!;
  if (filter.combinator === 'and') {
    return (slot) => {
      for (const test of tests) if (!test(slot)) return false;
      return true;
    };
  }
  return (slot) => {
    for (const test of tests) if (test(slot)) return true;
    return false;
  };
}

function compileRule(rule: FilterRule, index: ContactSearchIndex): SlotTest {
  if (isYesNoField(rule.field)) {
    const isTrue: SlotTest =
      rule.field === 'hasMobile' ? (slot) => index.hasMobile(slot) : rule.field === 'hasPhone' ? (slot) => index.hasPhone(slot) : (slot) => index.doNotUseSms(slot) === true;
    return rule.op === 'is_true' ? isTrue : (slot) => !isTrue(slot);
  }
  const needle = comparable(rule.value);
  const column = index.column(rule.field);
  if (!column) {
    const always = textMatcher(rule.op, needle)('');
    return () => always;
  }
  const matching = column.valuesMatching(rule.op, needle);
  return (slot) => matching[column.idOf(slot)] === 1;
}
