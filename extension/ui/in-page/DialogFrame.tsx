import type { ContactRead } from '../../crm/types';
import { translate, type Language } from '../../i18n/texts';
import { NoticeModal } from '../components/NoticeModal';
import { SendDialog } from '../components/SendDialog';
import { useFocusOnArrival } from '../hooks/useFocusOnArrival';
import { useSendDialog } from '../hooks/useSendDialog';

/** The send dialog, then «Сообщение отправлено»; closing either closes the frame. */
export function DialogFrame(props: { language: Language; contact: ContactRead; crmId: string; onClose(): void }) {
  const dialog = useSendDialog(props);
  useFocusOnArrival('[data-crm-sms="text"]');
  if (dialog.sent) {
    return <NoticeModal text={translate(props.language, 'messageSent')} closeLabel={translate(props.language, 'close')} onClose={props.onClose} />;
  }
  return <SendDialog language={props.language} {...dialog} />;
}
