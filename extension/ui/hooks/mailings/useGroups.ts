import { useCallback, useEffect, useState } from 'preact/hooks';
import { ask } from '../../../messaging/client';
import type { UiError } from '../../../messaging/protocol';
import type { GroupView } from '../../../../shared/groups';

/** The contact groups, each with how many contacts it holds now (a dynamic group is counted by the relay). */
export function useGroups() {
  const [groups, setGroups] = useState<GroupView[] | null>(null);
  const [counts, setCounts] = useState<Record<string, number>>({});
  const [error, setError] = useState<UiError | null>(null);

  const load = useCallback(async () => {
    const result = await ask('listGroups', {});
    if (!result.ok) return setError(result.error);
    setError(null);
    setGroups(result.value);
    const entries = await Promise.all(
      result.value.map(async (g) => {
        const count = await ask('groupCount', { id: g.id });
        return [g.id, count.ok ? count.value.count : g.contacts.length] as const;
      }),
    );
    setCounts(Object.fromEntries(entries));
  }, []);

  useEffect(() => void load(), [load]);
  return { groups, counts, error, refresh: load };
}
