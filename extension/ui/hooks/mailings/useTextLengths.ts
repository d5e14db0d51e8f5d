import { useEffect, useState } from 'preact/hooks';
import type { TextLengthsView } from '../../../../shared/mailings';
import { ask } from '../../../messaging/client';

const DEBOUNCE_MS = 400;

/**
 * How long the recipients' messages of `text` are (POST /api/mailings/:id/text-lengths), asked again
 * a moment after the text stops changing and whenever `version` (the saved mailing) changes. null
 * before the mailing is saved, and while the text does not compile (the editor says why on save).
 */
export function useTextLengths(mailingId: string | null, text: string, version: string | undefined): TextLengthsView | null {
  const [lengths, setLengths] = useState<TextLengthsView | null>(null);
  useEffect(() => {
    if (!mailingId) return setLengths(null);
    let current = true;
    const timer = setTimeout(() => {
      void ask('textLengths', { id: mailingId, text }).then((result) => {
        if (current) setLengths(result.ok ? result.value : null);
      });
    }, DEBOUNCE_MS);
    return () => {
      current = false;
      clearTimeout(timer);
    };
  }, [mailingId, text, version]);
  return lengths;
}
