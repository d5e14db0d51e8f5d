/** Dynamic groups (S8): a saved filter evaluated on use (its types and schema are in shared/contact-filter). */

import type { ContactView } from '../../shared/api';
import {
  CUSTOM_FIELD_PREFIX,
  FILTER_TEXT_FIELDS,
  isBooleanField,
  type ContactFilter,
  type FilterBooleanField,
  type FilterOp,
  type FilterRule,
} from '../../shared/contact-filter';
import { comparable } from '../../shared/comparable-text';

export { comparable };

/** What the evaluators take: a filter naming any field (one from outside is checked by contactFilterSchema first). */
export type UncheckedFilter = ContactFilter<string>;
export type UncheckedRule = FilterRule<string>;
export type { UncheckedFilter as ContactFilter, UncheckedRule as FilterRule };

type TextField = (typeof FILTER_TEXT_FIELDS)[number];

type ContactTest = (contact: ContactView) => boolean;

export function compileFilter(filter: UncheckedFilter): ContactTest {
  const tests = filter.rules.map((rule) => ('combinator' in rule ? compileFilter(rule) : compileRule(rule)));
  if (filter.combinator === 'and') return (contact) => tests.every((test) => test(contact));
  return (contact) => tests.some((test) => test(contact));
}

const TEXT_VALUES: Record<TextField, (contact: ContactView) => string | null | undefined> = {
  name: (contact) => contact.name,
  firstName: (contact) => contact.firstName,
  lastName: (contact) => contact.lastName,
  account: (contact) => contact.account,
  owner: (contact) => contact.owner,
  city: (contact) => contact.city,
  email: (contact) => contact.email,
  adapter: (contact) => contact.source?.adapter,
};

const YES_NO_VALUES: Record<FilterBooleanField, ContactTest> = {
  hasMobile: (contact) => contact.phones.some((phone) => phone.digits && phone.type === 'mobile'),
  hasPhone: (contact) => contact.phones.some((phone) => phone.digits),
  doNotUseSms: (contact) => contact.doNotUseSms === true,
};

function compileRule(rule: UncheckedRule): ContactTest {
  if (isBooleanField(rule.field)) {
    const isTrue = YES_NO_VALUES[rule.field];
    return rule.op === 'is_true' ? isTrue : (contact) => !isTrue(contact);
  }
  const valueOf = textValueOf(rule.field);
  const matches = textMatcher(rule.op, comparable(rule.value));
  return (contact) => matches(comparable(valueOf(contact)));
}

function textValueOf(field: string): (contact: ContactView) => string | null | undefined {
  if (field.startsWith(CUSTOM_FIELD_PREFIX)) {
    const name = field.slice(CUSTOM_FIELD_PREFIX.length);
    return (contact) => (Object.hasOwn(contact.fields, name) ? contact.fields[name] : undefined);
  }
  return TEXT_VALUES[field as TextField];
}

export function textMatcher(op: FilterOp, needle: string): (text: string) => boolean {
  switch (op) {
    case 'eq':
      return (text) => text === needle;
    case 'neq':
      return (text) => text !== needle;
    case 'contains':
      return (text) => text.includes(needle);
    case 'not_contains':
      return (text) => !text.includes(needle);
    case 'starts_with':
      return (text) => text.startsWith(needle);
    case 'empty':
      return (text) => text === '';
    case 'not_empty':
      return (text) => text !== '';
    case 'is_true':
    case 'is_false':
      throw new RangeError(`Operator "${op}" does not apply to text`);
  }
}
