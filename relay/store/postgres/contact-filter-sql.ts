import { comparable } from '../../../shared/comparable-text';
import {
  CUSTOM_FIELD_PREFIX,
  MAX_GROUP_DEPTH,
  isBooleanField,
  isFilter,
  type ContactFilter,
  type FilterBooleanField,
  type FilterRule,
} from '../../../shared/contact-filter';

/** A filter the SQL compiler cannot take: an unknown field or operator, or groups nested deeper than the schema allows. */
export class ContactFilterError extends Error {
  override name = 'ContactFilterError';
}

export interface SqlCondition {
  /** A boolean expression over the `contacts` table, with $n placeholders from `firstParam` on. */
  sql: string;
  params: unknown[];
}

/** The comparable() column of each text field: the only identifiers a filter puts into SQL. */
const TEXT_COLUMNS: Record<string, string> = {
  name: 'name_cmp',
  firstName: 'first_name_cmp',
  lastName: 'last_name_cmp',
  account: 'account_cmp',
  owner: 'owner_cmp',
  city: 'city_cmp',
  email: 'email_cmp',
  adapter: 'adapter_cmp',
};

/** The yes/no facts, as compileFilter reads them (do_not_use_sms is null when the CRM did not say: not true). */
const YES_NO: Record<FilterBooleanField, string> = {
  hasPhone: 'has_phone',
  hasMobile: 'has_mobile',
  doNotUseSms: 'do_not_use_sms IS TRUE',
};

/** `%`, `_` and the escape character itself, made literal for LIKE (whose default escape is `\`). */
export const likeEscaped = (text: string): string => text.replace(/[\\%_]/g, (char) => `\\${char}`);

/**
 * The filter as a WHERE condition on `contacts` with compileFilter's meaning (relay/groups/contact-filter.ts):
 * every value is a parameter, compared in its comparable() form with the stored comparable() columns.
 */
export function filterToSql(filter: ContactFilter<string>, firstParam = 1): SqlCondition {
  const params: unknown[] = [];
  const param = (value: unknown) => `$${params.push(value) + firstParam - 1}`;
  return { sql: group(filter, 1, param), params };
}

type Param = (value: unknown) => string;

function group(filter: ContactFilter<string>, level: number, param: Param): string {
  if (level > MAX_GROUP_DEPTH) throw new ContactFilterError(`groups may be nested at most ${MAX_GROUP_DEPTH} levels deep, counting the top one`);
  if (filter.combinator !== 'and' && filter.combinator !== 'or') throw new ContactFilterError(`unknown combinator ${JSON.stringify(filter.combinator)}`);
  // As every() and some(): an empty 'and' matches every contact, an empty 'or' none.
  if (filter.rules.length === 0) return filter.combinator === 'and' ? 'TRUE' : 'FALSE';
  const parts = filter.rules.map((rule) => (isFilter(rule) ? group(rule, level + 1, param) : condition(rule, param)));
  return `(${parts.join(filter.combinator === 'and' ? ' AND ' : ' OR ')})`;
}

function condition(rule: FilterRule<string>, param: Param): string {
  if (isBooleanField(rule.field)) {
    if (rule.op === 'is_true') return `(${YES_NO[rule.field]})`;
    if (rule.op === 'is_false') return `(NOT (${YES_NO[rule.field]}))`;
    throw new ContactFilterError(`operator "${rule.op}" does not apply to the yes/no field "${rule.field}"`);
  }
  const value = textValue(rule.field, param);
  const needle = comparable(rule.value);
  // No stored text holds a NUL (PostgreSQL's text cannot): such a needle is in no value.
  const impossible = needle.includes('\0');
  switch (rule.op) {
    case 'eq':
      return impossible ? 'FALSE' : `(${value} = ${param(needle)})`;
    case 'neq':
      return impossible ? 'TRUE' : `(${value} <> ${param(needle)})`;
    case 'contains':
      return impossible ? 'FALSE' : `(${value} LIKE ${param(`%${likeEscaped(needle)}%`)})`;
    case 'not_contains':
      return impossible ? 'TRUE' : `(${value} NOT LIKE ${param(`%${likeEscaped(needle)}%`)})`;
    case 'starts_with':
      return impossible ? 'FALSE' : `(${value} LIKE ${param(`${likeEscaped(needle)}%`)})`;
    case 'empty':
      return `(${value} = '')`;
    case 'not_empty':
      return `(${value} <> '')`;
    default:
      throw new ContactFilterError(`operator "${rule.op}" does not apply to the text field "${rule.field}"`);
  }
}

/** The field's comparable() text ('' when missing); a custom field's name goes in as a parameter. */
function textValue(field: string, param: Param): string {
  if (field.startsWith(CUSTOM_FIELD_PREFIX) && field.length > CUSTOM_FIELD_PREFIX.length) {
    const name = field.slice(CUSTOM_FIELD_PREFIX.length);
    // No stored field name holds a NUL either: no contact has that field.
    if (name.includes('\0')) return `''`;
    return `coalesce(fields_cmp ->> ${param(name)}, '')`;
  }
  const column = Object.hasOwn(TEXT_COLUMNS, field) ? TEXT_COLUMNS[field] : undefined;
  if (column === undefined) throw new ContactFilterError(`unknown field ${JSON.stringify(field)}`);
  return column;
}
