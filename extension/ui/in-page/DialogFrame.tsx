import type { ContactRead } from '../../crm/types';
import { translate, type Language } from '../../i18n/texts';
import { CardStopList } from '../components/CardStopList';
import { NoticeModal } from '../components/NoticeModal';
import { SendDialog } from '../components/SendDialog';
import { useCardStopList } from '../hooks/useCardStopList';
import { useFocusOnArrival } from '../hooks/useFocusOnArrival';
import { useSendDialog } from '../hooks/useSendDialog';

/** The send dialog with the card's stop-list tool, then «Сообщение отправлено»; closing either closes the frame. */
export function DialogFrame(props: { language: Language; contact: ContactRead; crmId: string; onClose(): void }) {
  const dialog = useSendDialog(props);
  const digits = dialog.phoneCheck?.ok ? dialog.phoneCheck.digits : null;
  const stopList = useCardStopList(digits);
  useFocusOnArrival('[data-crm-sms="text"]');
  if (dialog.sent) {
    return <NoticeModal text={translate(props.language, 'messageSent')} closeLabel={translate(props.language, 'close')} onClose={props.onClose} />;
  }
  return (
    <SendDialog
      language={props.language}
      {...dialog}
      tools={<CardStopList language={props.language} state={stopList.state} hasNumber={digits !== null} onAdd={(event) => void stopList.add(event)} />}
    />
  );
}
