import type { Language } from '../../i18n/texts';
import { tellRepliesChanged } from '../../messaging/client';
import { conversationFoldItem, type ConversationFoldStore } from '../../settings/conversation-fold';
import { SentMessagesPanel } from '../components/SentMessagesPanel';
import { useConversation } from '../hooks/useConversation';
import { useConversationFold } from '../hooks/useConversationFold';
import { useNoReplies } from '../hooks/useNoReplies';
import { useReportedHeight } from '../hooks/useReportedHeight';
import { tellHost } from './tell-host';

interface Props {
  language: Language;
  crmId: string;
  ticket: string;
  /** Where the agent's fold is kept (this browser's storage unless a test gives its own). */
  fold?: ConversationFoldStore;
}

/** «Переписка» of one contact; the frame takes the list's height, and tells the card and the toolbar badge when its replies were read. */
export function SentFrame({ language, crmId, ticket, fold = conversationFoldItem }: Props) {
  const { folded, toggle } = useConversationFold(fold);
  const conversation = useConversation(crmId, {
    open: folded === false,
    onRead: () => {
      tellHost(ticket, { type: 'repliesRead' });
      // The toolbar badge counts again at once, not at its next round.
      void tellRepliesChanged();
    },
  });
  const noReplies = useNoReplies();
  const ref = useReportedHeight(ticket);
  return (
    <div ref={ref}>
      <SentMessagesPanel
        language={language}
        entries={conversation.entries}
        error={conversation.error}
        open={folded !== true}
        onToggle={toggle}
        isNew={conversation.isNew}
        hasMore={conversation.hasMore}
        onShowMore={conversation.showMore}
        onRefresh={() => void conversation.refresh()}
        noReplies={noReplies}
      />
    </div>
  );
}
