import { useCallback, useEffect, useState } from 'preact/hooks';
import type { MessageView } from '../../../shared/api';
import { ask } from '../../messaging/client';
import type { UiError } from '../../messaging/protocol';

/**
 * A contact's sent messages, kept fresh while the panel is on the page: polled every `pollMs`
 * (delivery reports arrive at the relay) and reloaded at once when `version` changes (a send).
 */
export function useSentMessages(crmId: string, version: number, pollMs = 5000) {
  const [messages, setMessages] = useState<MessageView[]>([]);
  const [error, setError] = useState<UiError | null>(null);

  const load = useCallback(async () => {
    const result = await ask('listMessages', { crmId });
    if (result.ok) {
      setMessages(result.value);
      setError(null);
    } else {
      setError(result.error);
    }
  }, [crmId]);

  useEffect(() => {
    void load();
    const timer = setInterval(() => void load(), pollMs);
    return () => clearInterval(timer);
  }, [load, version, pollMs]);

  return { messages, error, refresh: load };
}
