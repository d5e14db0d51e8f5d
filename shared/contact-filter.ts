/** A dynamic group's filter (S8): its rules and the schema that checks one, for the relay and the extension. */

import { z } from 'zod';

export const FILTER_TEXT_FIELDS = ['name', 'firstName', 'lastName', 'account', 'owner', 'city', 'email', 'adapter'] as const;
export const FILTER_BOOLEAN_FIELDS = ['hasMobile', 'hasPhone', 'doNotUseSms'] as const;
export const FILTER_FIELDS = [...FILTER_TEXT_FIELDS, ...FILTER_BOOLEAN_FIELDS] as const;
export const CUSTOM_FIELD_PREFIX = 'fields.';
/** A contact's own text field, or `fields.<name>` for a custom field. */
export type FilterTextField = (typeof FILTER_TEXT_FIELDS)[number] | `${typeof CUSTOM_FIELD_PREFIX}${string}`;
export type FilterBooleanField = (typeof FILTER_BOOLEAN_FIELDS)[number];
export type FilterField = FilterTextField | FilterBooleanField;

export const TEXT_OPS = ['eq', 'neq', 'contains', 'not_contains', 'starts_with', 'empty', 'not_empty'] as const;
export const BOOLEAN_OPS = ['is_true', 'is_false'] as const;
export const FILTER_OPERATORS = [...TEXT_OPS, ...BOOLEAN_OPS] as const;
export type FilterOp = (typeof FILTER_OPERATORS)[number];

/** `F`: the fields a rule may name; `string` for a filter as it arrives, before contactFilterSchema checks it. */
export interface FilterRule<F extends string = FilterField> {
  field: F;
  op: FilterOp;
  value?: string;
}

/** An empty `rules` list matches every contact under 'and' and none under 'or', as every() and some() do. */
export interface ContactFilter<F extends string = FilterField> {
  combinator: 'and' | 'or';
  rules: (FilterRule<F> | ContactFilter<F>)[];
}

/** The top group is level 1. */
export const MAX_GROUP_DEPTH = 3;
const MAX_RULES_PER_GROUP = 100;
const MAX_CUSTOM_FIELD_NAME = 100;

export const isFilter = <F extends string>(rule: FilterRule<F> | ContactFilter<F>): rule is ContactFilter<F> => 'combinator' in rule;
export const isBooleanField = (field: string): field is FilterBooleanField => includes(FILTER_BOOLEAN_FIELDS, field);
/** Operators that compare with a value (the others stand alone). */
export const takesValue = (op: FilterOp): boolean => op !== 'empty' && op !== 'not_empty' && op !== 'is_true' && op !== 'is_false';

export function isFilterField(field: string): field is FilterField {
  if (field.startsWith(CUSTOM_FIELD_PREFIX)) return field.length > CUSTOM_FIELD_PREFIX.length && field.length <= MAX_CUSTOM_FIELD_NAME + CUSTOM_FIELD_PREFIX.length;
  return includes(FILTER_FIELDS, field);
}

const quotedList = (values: readonly string[]) => values.join(', ');
const ALLOWED_FIELDS = `${quotedList(FILTER_FIELDS)} or ${CUSTOM_FIELD_PREFIX}<custom field name>`;
const VALUELESS_OPERATORS = ['empty', 'not_empty', ...BOOLEAN_OPS] as const satisfies readonly FilterOp[];

const filterRuleSchema = z
  .strictObject({
    field: z
      .string({ error: (issue) => (issue.input === undefined ? `is required; allowed: ${ALLOWED_FIELDS}` : 'must be a string') })
      .refine(isFilterField, { error: (issue) => `unknown field ${JSON.stringify(issue.input)}; allowed: ${ALLOWED_FIELDS}` }),
    op: z.enum(FILTER_OPERATORS, {
      error: (issue) => `${issue.input === undefined ? 'is required' : `unknown operator ${JSON.stringify(issue.input)}`}; allowed: ${quotedList(FILTER_OPERATORS)}`,
    }),
    value: z.string('must be a string').max(300, 'must be at most 300 characters').optional(),
  })
  .superRefine((rule, ctx) => {
    if (!isFilterField(rule.field) || !includes(FILTER_OPERATORS, rule.op)) return;
    const yesNoField = isBooleanField(rule.field);
    if (yesNoField && !includes(BOOLEAN_OPS, rule.op)) {
      ctx.addIssue({
        code: 'custom',
        path: ['op'],
        message: `operator "${rule.op}" does not apply to the yes/no field "${rule.field}"; allowed: ${quotedList(BOOLEAN_OPS)}`,
      });
    } else if (!yesNoField && includes(BOOLEAN_OPS, rule.op)) {
      ctx.addIssue({
        code: 'custom',
        path: ['op'],
        message: `operator "${rule.op}" applies only to the yes/no fields ${quotedList(FILTER_BOOLEAN_FIELDS)}; for "${rule.field}" allowed: ${quotedList(TEXT_OPS)}`,
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
    rules: z.array(ruleOrGroup(level + 1), 'must be a list of rules and groups').max(MAX_RULES_PER_GROUP, `must list at most ${MAX_RULES_PER_GROUP} rules and groups`),
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

function includes<T extends string>(values: readonly T[], value: string): value is T {
  return (values as readonly string[]).includes(value);
}
