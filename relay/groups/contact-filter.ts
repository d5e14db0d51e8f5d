/** Dynamic groups (S8): a saved filter over the contact directory, checked on save, evaluated on use. */

import { z } from 'zod';
import type { ContactView } from '../../shared/api';

export const FILTER_FIELDS = [
  'name',
  'firstName',
  'lastName',
  'account',
  'owner',
  'city',
  'email',
  'adapter',
  'hasMobile',
  'hasPhone',
  'doNotUseSms',
] as const;
export type FilterField = (typeof FILTER_FIELDS)[number];

export const FILTER_OPERATORS = [
  'eq',
  'neq',
  'contains',
  'not_contains',
  'starts_with',
  'empty',
  'not_empty',
  'is_true',
  'is_false',
] as const;
export type FilterOperator = (typeof FILTER_OPERATORS)[number];

export interface FilterRule {
  /** One of FILTER_FIELDS, or `fields.<name>` for a custom field. */
  field: string;
  op: FilterOperator;
  value?: string;
}

/** An empty `rules` list matches every contact under 'and' and none under 'or', as every() and some() do. */
export interface ContactFilter {
  combinator: 'and' | 'or';
  rules: (FilterRule | ContactFilter)[];
}

/** The top group is level 1. */
export const MAX_GROUP_DEPTH = 3;
const MAX_RULES_PER_GROUP = 100;
const CUSTOM_FIELD_PREFIX = 'fields.';

const YES_NO_FIELDS = ['hasMobile', 'hasPhone', 'doNotUseSms'] as const satisfies readonly FilterField[];
export type YesNoField = (typeof YES_NO_FIELDS)[number];
type TextField = Exclude<FilterField, YesNoField>;

const YES_NO_OPERATORS = ['is_true', 'is_false'] as const satisfies readonly FilterOperator[];
const VALUELESS_OPERATORS = ['empty', 'not_empty', ...YES_NO_OPERATORS] as const satisfies readonly FilterOperator[];
const TEXT_OPERATORS = FILTER_OPERATORS.filter((op) => !includes(YES_NO_OPERATORS, op));

const quotedList = (values: readonly string[]) => values.join(', ');
const ALLOWED_FIELDS = `${quotedList(FILTER_FIELDS)} or ${CUSTOM_FIELD_PREFIX}<custom field name>`;

const filterRuleSchema = z
  .strictObject({
    field: z
      .string({ error: (issue) => (issue.input === undefined ? `is required; allowed: ${ALLOWED_FIELDS}` : 'must be a string') })
      .refine(isFilterField, { error: (issue) => `unknown field ${JSON.stringify(issue.input)}; allowed: ${ALLOWED_FIELDS}` }),
    op: z.enum(FILTER_OPERATORS, {
      error: (issue) =>
        `${issue.input === undefined ? 'is required' : `unknown operator ${JSON.stringify(issue.input)}`}; allowed: ${quotedList(FILTER_OPERATORS)}`,
    }),
    value: z.string('must be a string').max(300, 'must be at most 300 characters').optional(),
  })
  .superRefine((rule, ctx) => {
    if (!isFilterField(rule.field) || !includes(FILTER_OPERATORS, rule.op)) return;
    const yesNoField = includes(YES_NO_FIELDS, rule.field);
    if (yesNoField && !includes(YES_NO_OPERATORS, rule.op)) {
      ctx.addIssue({
        code: 'custom',
        path: ['op'],
        message: `operator "${rule.op}" does not apply to the yes/no field "${rule.field}"; allowed: ${quotedList(YES_NO_OPERATORS)}`,
      });
    } else if (!yesNoField && includes(YES_NO_OPERATORS, rule.op)) {
      ctx.addIssue({
        code: 'custom',
        path: ['op'],
        message: `operator "${rule.op}" applies only to the yes/no fields ${quotedList(YES_NO_FIELDS)}; for "${rule.field}" allowed: ${quotedList(TEXT_OPERATORS)}`,
      });
    } else if (includes(VALUELESS_OPERATORS, rule.op) && rule.value !== undefined) {
      ctx.addIssue({ code: 'custom', path: ['value'], message: `operator "${rule.op}" takes no value; leave "value" out` });
    } else if (!includes(VALUELESS_OPERATORS, rule.op) && (rule.value ?? '').trim() === '') {
      ctx.addIssue({
        code: 'custom',
        path: ['value'],
        message: `operator "${rule.op}" needs a non-empty value; to match a missing ${rule.field}, use "empty"`,
      });
    }
  });

export const contactFilterSchema: z.ZodType<ContactFilter> = groupSchema(1);

function groupSchema(level: number): z.ZodType<ContactFilter> {
  return z.strictObject({
    combinator: z.enum(['and', 'or'], {
      error: (issue) => `${issue.input === undefined ? 'is required' : `unknown combinator ${JSON.stringify(issue.input)}`}; allowed: and, or`,
    }),
    rules: z
      .array(ruleOrGroup(level + 1), 'must be a list of rules and groups')
      .max(MAX_RULES_PER_GROUP, `must list at most ${MAX_RULES_PER_GROUP} rules and groups`),
  });
}

/**
 * A rule or a nested group, told apart by their keys, so that a mistake is reported against the
 * schema the input meant rather than as "matches neither".
 */
function ruleOrGroup(level: number): z.ZodType<FilterRule | ContactFilter> {
  const nestedGroup = level <= MAX_GROUP_DEPTH ? groupSchema(level) : null;
  return z.unknown().transform((input, ctx) => {
    const looksLikeGroup = typeof input === 'object' && input !== null && ('rules' in input || 'combinator' in input);
    if (looksLikeGroup && !nestedGroup) {
      ctx.addIssue({ code: 'custom', message: `groups may be nested at most ${MAX_GROUP_DEPTH} levels deep, counting the top one` });
      return z.NEVER;
    }
    const result = (looksLikeGroup && nestedGroup ? nestedGroup : filterRuleSchema).safeParse(input);
    if (result.success) return result.data;
    for (const issue of result.error.issues) ctx.addIssue(issue as z.core.$ZodSuperRefineIssue);
    return z.NEVER;
  });
}

type ContactTest = (contact: ContactView) => boolean;

export function compileFilter(filter: ContactFilter): ContactTest {
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

const YES_NO_VALUES: Record<YesNoField, ContactTest> = {
  hasMobile: (contact) => contact.phones.some((phone) => phone.digits && phone.type === 'mobile'),
  hasPhone: (contact) => contact.phones.some((phone) => phone.digits),
  doNotUseSms: (contact) => contact.doNotUseSms === true,
};

function compileRule(rule: FilterRule): ContactTest {
  if (includes(YES_NO_FIELDS, rule.field)) {
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

export function textMatcher(op: FilterOperator, needle: string): (text: string) => boolean {
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

/**
 * Text as a person compares it: trimmed, spaces collapsed, case and ё/е ignored. toLowerCase() is
 * the Russian locale's lowercase (only Turkish, Azeri and Lithuanian differ) at a third of the cost.
 */
export function comparable(text: string | null | undefined): string {
  if (!text) return '';
  return text.trim().replace(/\s+/g, ' ').toLowerCase().replaceAll('ё', 'е');
}

export function isYesNoField(field: string): field is YesNoField {
  return includes(YES_NO_FIELDS, field);
}

function isFilterField(field: string): boolean {
  if (field.startsWith(CUSTOM_FIELD_PREFIX)) return field.length > CUSTOM_FIELD_PREFIX.length && field.length <= 100 + CUSTOM_FIELD_PREFIX.length;
  return includes(FILTER_FIELDS, field);
}

function includes<T extends string>(values: readonly T[], value: string): value is T {
  return (values as readonly string[]).includes(value);
}
