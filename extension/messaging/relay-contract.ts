/**
 * The relay's contract types the extension used to write out itself, now from shared/ (one definition
 * for both sides). Kept so that older imports stay valid; new code imports from shared/ directly.
 */
export {
  BOOLEAN_OPS,
  FILTER_BOOLEAN_FIELDS,
  FILTER_TEXT_FIELDS,
  TEXT_OPS,
  isBooleanField,
  isFilter,
  takesValue,
  type ContactFilter,
  type FilterBooleanField,
  type FilterField,
  type FilterOp,
  type FilterRule,
  type FilterTextField,
} from '../../shared/contact-filter';
export type { GroupKind, GroupRequest, GroupView } from '../../shared/groups';
export type { BulkContact, BulkResult } from '../../shared/bulk-contacts';
export type { MacroDefinition } from '../../shared/macros';
export type { RecipientsPage } from '../../shared/mailings';
