import { useEffect, useState } from 'preact/hooks';
import { ask } from '../../../messaging/client';

/**
 * The display name of a mailing's provider (e.g. SMS.ru), asked of the relay only once `wanted`; null
 * until known, and when the relay now runs another provider than the mailing's.
 */
export function useProviderName(providerId: string, wanted: boolean): string | null {
  const [name, setName] = useState<string | null>(null);
  useEffect(() => {
    if (!wanted) return;
    let current = true;
    void ask('provider', {}).then((result) => {
      if (current && result.ok && result.value.id === providerId) setName(result.value.name);
    });
    return () => {
      current = false;
    };
  }, [providerId, wanted]);
  return name;
}
