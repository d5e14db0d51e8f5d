import { STANDARD_MACROS, customFieldMacros, type MacroDefinition } from '../../shared/macros';
import type { ContactStore } from '../store/contacts';

/** Every macro a template may use now: the standard ones and each custom field some contact has. */
export function macroCatalogue(store: { contacts: ContactStore }): MacroDefinition[] {
  return [...STANDARD_MACROS, ...customFieldMacros(store.contacts.customFieldNames())];
}

export function knownMacroTest(store: { contacts: ContactStore }): (path: string) => boolean {
  const known = new Set(macroCatalogue(store).map((m) => m.path));
  return (path) => known.has(path);
}
