import { useState } from 'preact/hooks';
import type { Language } from '../../i18n/texts';
import { SentMessagesPanel } from '../components/SentMessagesPanel';
import { useConversation } from '../hooks/useConversation';
import { useNoReplies } from '../hooks/useNoReplies';
import { useReportedHeight } from '../hooks/useReportedHeight';
import { tellHost } from './tell-host';

/** «Переписка» of one contact; the frame takes the list's height, and tells the card when its replies were read. */
export function SentFrame({ language, crmId, ticket }: { language: Language; crmId: string; ticket: string }) {
  const [open, setOpen] = useState(true);
  const conversation = useConversation(crmId, { open, onRead: () => tellHost(ticket, { type: 'repliesRead' }) });
  const noReplies = useNoReplies();
  const ref = useReportedHeight(ticket);
  return (
    <div ref={ref}>
      <SentMessagesPanel
        language={language}
        entries={conversation.entries}
        error={conversation.error}
        open={open}
        onToggle={() => setOpen((o) => !o)}
        isNew={conversation.isNew}
        hasMore={conversation.hasMore}
        onShowMore={conversation.showMore}
        onRefresh={() => void conversation.refresh()}
        noReplies={noReplies}
      />
    </div>
  );
}
