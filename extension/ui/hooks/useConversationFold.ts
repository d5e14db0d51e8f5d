import { useEffect, useState } from 'preact/hooks';
import type { ConversationFoldStore } from '../../settings/conversation-fold';

/**
 * The card's «Переписка» folded or open, as the agent left it last (in this browser): null until the
 * choice is read, so that a folded conversation is never loaded (nor its replies marked read) first.
 * A store that cannot be read leaves it open.
 */
export function useConversationFold(store: ConversationFoldStore) {
  const [folded, setFolded] = useState<boolean | null>(null);
  useEffect(() => {
    void store.getValue().then(
      (value) => setFolded(value === true),
      () => setFolded(false),
    );
  }, [store]);
  return {
    folded,
    toggle: () => {
      const next = folded !== true;
      setFolded(next);
      void store.setValue(next).catch(() => undefined);
    },
  };
}
