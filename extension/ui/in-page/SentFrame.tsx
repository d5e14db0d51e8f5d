import type { Language } from '../../i18n/texts';
import { SentMessagesPanel } from '../components/SentMessagesPanel';
import { useReportedHeight } from '../hooks/useReportedHeight';
import { useSentMessages } from '../hooks/useSentMessages';

/** «Отправленные СМС» of one contact; the frame takes the list's height. */
export function SentFrame({ language, crmId, ticket }: { language: Language; crmId: string; ticket: string }) {
  const { messages, error, refresh } = useSentMessages(crmId);
  const ref = useReportedHeight(ticket);
  return (
    <div ref={ref}>
      <SentMessagesPanel language={language} messages={messages} error={error} onRefresh={() => void refresh()} />
    </div>
  );
}
