import { useCallback, useEffect, useRef, useState } from 'preact/hooks';
import { browser } from 'wxt/browser';
import type { ConversationEntry } from '../../../shared/replies';
import { relay } from '../../messaging/client';
import { isMessagesChanged } from '../../messaging/frame-protocol';
import type { UiError } from '../../messaging/protocol';

/** Entries asked for at a time; «Показать ещё» asks for one page more. */
export const CONVERSATION_PAGE = 20;

/**
 * A contact's conversation («Переписка»), newest first, kept fresh while it is open: the pages shown so far
 * asked again every `pollMs` (delivery reports and replies arrive at the relay) and at once when the
 * background says a message was sent. A load that shows unread replies marks them read (POST …/read),
 * once, then calls `onRead`; the replies it showed unread stay marked «новое» while the frame lives.
 */
export function useConversation(crmId: string, options: { open: boolean; onRead?: () => void; pollMs?: number }) {
  const { open, pollMs = 5000 } = options;
  const [entries, setEntries] = useState<ConversationEntry[]>([]);
  const [total, setTotal] = useState(0);
  const [error, setError] = useState<UiError | null>(null);
  const [shown, setShown] = useState(CONVERSATION_PAGE);
  const [newIds, setNewIds] = useState<ReadonlySet<string>>(new Set());
  const marking = useRef(false);
  const onRead = useRef(options.onRead);
  onRead.current = options.onRead;

  const markRead = useCallback(async () => {
    if (marking.current) return;
    marking.current = true;
    const result = await relay.contacts[':crmId'].conversation.read.$post({ param: { crmId } });
    marking.current = false;
    if (result.ok) onRead.current?.();
  }, [crmId]);

  const load = useCallback(async () => {
    const result = await relay.contacts[':crmId'].conversation.$get({ param: { crmId }, query: { offset: '0', limit: String(shown) } });
    if (!result.ok) return setError(result.error);
    const page = result.value;
    setEntries(page.entries);
    setTotal(page.total);
    setError(null);
    const unreadShown = page.entries.flatMap((entry) => (entry.direction === 'incoming' && !entry.reply.read ? [entry.reply.id] : []));
    if (unreadShown.length > 0) setNewIds((ids) => new Set([...ids, ...unreadShown]));
    if (page.unread > 0) void markRead();
  }, [crmId, shown, markRead]);

  useEffect(() => {
    if (!open) return;
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
  }, [open, load, pollMs]);

  return {
    entries,
    total,
    error,
    isNew: (replyId: string) => newIds.has(replyId),
    hasMore: entries.length < total,
    showMore: () => setShown((n) => n + CONVERSATION_PAGE),
    refresh: load,
  };
}
