import type { ContactSnapshot } from '../../shared/api';

/**
 * The parts of the relay's mailings contract that are not in shared/ (groups, filters, bulk import),
 * written from the API description; macros come from shared/macros.
 */

export const FILTER_TEXT_FIELDS = ['name', 'firstName', 'lastName', 'account', 'owner', 'city', 'email', 'adapter'] as const;
export const FILTER_BOOLEAN_FIELDS = ['hasMobile', 'hasPhone', 'doNotUseSms'] as const;
export type FilterTextField = (typeof FILTER_TEXT_FIELDS)[number] | `fields.${string}`;
export type FilterBooleanField = (typeof FILTER_BOOLEAN_FIELDS)[number];
export type FilterField = FilterTextField | FilterBooleanField;

export const TEXT_OPS = ['eq', 'neq', 'contains', 'not_contains', 'starts_with', 'empty', 'not_empty'] as const;
export const BOOLEAN_OPS = ['is_true', 'is_false'] as const;
export type FilterOp = (typeof TEXT_OPS)[number] | (typeof BOOLEAN_OPS)[number];

export interface FilterRule {
  field: FilterField;
  op: FilterOp;
  value?: string;
}

export interface ContactFilter {
  combinator: 'and' | 'or';
  rules: (FilterRule | ContactFilter)[];
}

export const isFilter = (rule: FilterRule | ContactFilter): rule is ContactFilter => 'combinator' in rule;
export const isBooleanField = (field: string): field is FilterBooleanField => (FILTER_BOOLEAN_FIELDS as readonly string[]).includes(field);
/** Operators that compare with a value (the others stand alone). */
export const takesValue = (op: FilterOp): boolean => op !== 'empty' && op !== 'not_empty' && op !== 'is_true' && op !== 'is_false';

export type GroupKind = 'static' | 'dynamic';

export interface GroupView {
  id: string;
  name: string;
  kind: GroupKind;
  contacts: string[];
  filter: ContactFilter | null;
  createdAt: string;
  updatedAt: string;
}

export interface GroupRequest {
  name: string;
  kind: GroupKind;
  contacts?: string[];
  filter?: ContactFilter;
}

export type { MacroDefinition } from '../../shared/macros';

export interface BulkContact {
  crmId: string;
  snapshot: ContactSnapshot;
}

export interface BulkResult {
  created: number;
  updated: number;
  unchanged: number;
}

export interface RecipientsPage<R> {
  total: number;
  recipients: R[];
}
