import { useMemo, useState } from 'preact/hooks';
import type { Language } from '../../../i18n/texts';
import { ask } from '../../../messaging/client';
import type { UiError } from '../../../messaging/protocol';
import type { MacroDefinition } from '../../../../shared/macros';

/**
 * What the extension files under a contact's custom fields for itself (the CRM user who had the card open,
 * for «Ответственный»): not a field of the contact, so not a macro to offer.
 */
const INTERNAL_FIELDS = new Set(['contact.fields.currentUser']);

/** The macro picker (the magnifier in «Текст сообщения»): the relay's macros, loaded on first open, searchable. */
export function useMacros(language: Language) {
  const [macros, setMacros] = useState<MacroDefinition[] | null>(null);
  const [error, setError] = useState<UiError | null>(null);
  const [open, setOpen] = useState(false);
  const [query, setQuery] = useState('');

  const shown = useMemo(() => {
    const q = query.trim().toLocaleLowerCase(language);
    if (!macros) return [];
    if (!q) return macros;
    return macros.filter((m) => [m.path, m.label.ru, m.label.en, m.group].some((s) => s.toLocaleLowerCase(language).includes(q)));
  }, [macros, query, language]);

  return {
    open,
    query,
    macros: shown,
    loading: open && macros === null && !error,
    error,
    setQuery,
    async show(): Promise<void> {
      setOpen(true);
      setQuery('');
      if (macros) return;
      const result = await ask('listMacros', {});
      if (result.ok) setMacros(result.value.filter((m) => !INTERNAL_FIELDS.has(m.path)));
      else setError(result.error);
    },
    hide: () => setOpen(false),
  };
}

export type MacroPickerState = ReturnType<typeof useMacros>;
