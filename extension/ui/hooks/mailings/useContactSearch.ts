import { useEffect, useState } from 'preact/hooks';
import type { ContactView } from '../../../../shared/api';
import { ask } from '../../../messaging/client';
import type { UiError } from '../../../messaging/protocol';

/** Search in the relay's contact directory as the user types (debounced); an empty query lists the first ones. */
export function useContactSearch(active = true, delayMs = 200) {
  const [query, setQuery] = useState('');
  const [results, setResults] = useState<ContactView[] | null>(null);
  const [error, setError] = useState<UiError | null>(null);

  useEffect(() => {
    if (!active) return;
    let current = true;
    const timer = setTimeout(
      async () => {
        const result = await ask('searchContacts', { q: query.trim() });
        if (!current) return;
        if (result.ok) {
          setResults(result.value);
          setError(null);
        } else {
          setError(result.error);
        }
      },
      query ? delayMs : 0,
    );
    return () => {
      current = false;
      clearTimeout(timer);
    };
  }, [query, active]);

  return { query, setQuery, results, error };
}

export type ContactSearchState = ReturnType<typeof useContactSearch>;
