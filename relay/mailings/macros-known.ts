import { STANDARD_MACROS, customFieldMacros, type MacroDefinition } from '../../shared/macros';
import type { Store } from '../store/store';

/** Every macro a template may use now: the standard ones and each custom field some contact has. */
export function macroCatalogue(store: Store): MacroDefinition[] {
  const fieldNames = new Set<string>();
  for (const contact of store.contacts.all()) for (const name of Object.keys(contact.fields)) fieldNames.add(name);
  return [...STANDARD_MACROS, ...customFieldMacros([...fieldNames].sort())];
}

export function knownMacroTest(store: Store): (path: string) => boolean {
  const known = new Set(macroCatalogue(store).map((m) => m.path));
  return (path) => known.has(path);
}
