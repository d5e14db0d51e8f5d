import type { ContactRead } from '../../crm/types';
import { translate, type Language } from '../../i18n/texts';
import { CardConsentLine } from '../components/CardConsentLine';
import { CardStopList } from '../components/CardStopList';
import { NoticeModal } from '../components/NoticeModal';
import { SendDialog } from '../components/SendDialog';
import { useCardConsent } from '../hooks/useCardConsent';
import { useCardStopList } from '../hooks/useCardStopList';
import { useFocusOnArrival } from '../hooks/useFocusOnArrival';
import { useSendDialog } from '../hooks/useSendDialog';

/**
 * The send dialog with the card's tools (the number's stop list, the contact's consent to advertising),
 * then «Сообщение отправлено»; closing either closes the frame.
 */
export function DialogFrame(props: { language: Language; contact: ContactRead; crmId: string; onClose(): void }) {
  const { language } = props;
  const dialog = useSendDialog(props);
  const digits = dialog.phoneCheck?.ok ? dialog.phoneCheck.digits : null;
  const stopList = useCardStopList(digits);
  const consent = useCardConsent(props.crmId);
  useFocusOnArrival('[data-crm-sms="text"]');
  if (dialog.sent) {
    return <NoticeModal text={translate(language, 'messageSent')} closeLabel={translate(language, 'close')} onClose={props.onClose} />;
  }
  const tools = (
    <>
      <CardStopList language={language} state={stopList.state} hasNumber={digits !== null} onAdd={(event) => void stopList.add(event)} />
      <CardConsentLine language={language} {...consent} onSave={(event) => void consent.save(event)} />
    </>
  );
  return <SendDialog language={language} {...dialog} tools={tools} />;
}
