import { useEffect, useState } from 'preact/hooks';
import { ask } from '../messaging/client';

/**
 * How many of the card's contact's replies nobody has read (the background asks the relay): asked when
 * the button shows, every `pollMs`, and again whenever `asked` changes (the conversation marked them read).
 * Only a count comes back; a failed ask leaves the last one.
 */
export function useCardUnread(crmId: string | null, asked: number, pollMs = 10_000): number {
  const [count, setCount] = useState(0);
  useEffect(() => {
    setCount(0);
  }, [crmId]);
  useEffect(() => {
    if (!crmId) return;
    let live = true;
    const check = () =>
      void ask('cardUnreadReplies', { crmId }).then((result) => {
        if (live && result.ok) setCount(result.value.count);
      });
    check();
    const timer = setInterval(check, pollMs);
    return () => {
      live = false;
      clearInterval(timer);
    };
  }, [crmId, asked, pollMs]);
  return count;
}
