import { useCallback, useEffect, useState } from 'preact/hooks';
import { browser } from 'wxt/browser';
import type { MessageView } from '../../../shared/api';
import { ask } from '../../messaging/client';
import { isMessagesChanged } from '../../messaging/frame-protocol';
import type { UiError } from '../../messaging/protocol';

/**
 * A contact's sent messages, kept fresh while the list is shown: polled every `pollMs` (delivery
 * reports arrive at the relay) and reloaded at once when the background says one was sent.
 */
export function useSentMessages(crmId: string, pollMs = 5000) {
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
    const onPush = (message: unknown, sender: { id?: string }) => {
      if (sender.id === browser.runtime.id && isMessagesChanged(message) && message.crmId === crmId) void load();
      return undefined;
    };
    browser.runtime.onMessage.addListener(onPush);
    return () => {
      clearInterval(timer);
      browser.runtime.onMessage.removeListener(onPush);
    };
  }, [load, pollMs]);

  return { messages, error, refresh: load };
}
