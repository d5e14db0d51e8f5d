import { useEffect, useState } from 'preact/hooks';
import { relay } from '../../messaging/client';

/**
 * What to say where replies would appear when the active provider passes on none (SMS.ru, SMS Aero):
 * the relay's words in both languages, or null when it does pass them on (or has not answered).
 */
export function useNoReplies(): { ru: string; en: string } | null {
  const [words, setWords] = useState<{ ru: string; en: string } | null>(null);
  useEffect(() => {
    void relay.provider.$get().then((result) => {
      if (result.ok && !result.value.capabilities.replies) setWords(result.value.noRepliesText);
    });
  }, []);
  return words;
}
