import type { MessageView } from '../../shared/api';
import type { ContactRead } from '../crm/types';
import { translate, type Language } from '../i18n/texts';
import { NoticeModal } from '../ui/components/NoticeModal';
import { SendDialog } from '../ui/components/SendDialog';
import { SentMessagesPanel } from '../ui/components/SentMessagesPanel';
import { SmsButton } from '../ui/components/SmsButton';
import { useSendDialog } from '../ui/hooks/useSendDialog';
import { useSentMessages } from '../ui/hooks/useSentMessages';

/** The roots mounted into the page's shadow roots: they connect hooks to presentational components. */

export function ButtonRoot({ language, onOpen }: { language: Language; onOpen(): void }) {
  return <SmsButton label={translate(language, 'smsButton')} title={translate(language, 'smsButtonTitle')} onClick={onOpen} />;
}

export function PanelRoot({ language, crmId, version }: { language: Language; crmId: string; version: number }) {
  const { messages, error, refresh } = useSentMessages(crmId, version);
  return <SentMessagesPanel language={language} messages={messages} error={error} onRefresh={() => void refresh()} />;
}

export function DialogRoot(props: { language: Language; contact: ContactRead; crmId: string; onSent(message: MessageView): void; onClose(): void }) {
  const dialog = useSendDialog(props);
  if (dialog.sent) {
    return <NoticeModal text={translate(props.language, 'messageSent')} closeLabel={translate(props.language, 'close')} onClose={props.onClose} />;
  }
  return <SendDialog language={props.language} {...dialog} />;
}
