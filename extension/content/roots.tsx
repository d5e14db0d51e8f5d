import { useState } from 'preact/hooks';
import type { ContactRead } from '../crm/types';
import { translate, type Language } from '../i18n/texts';
import { InPageFrame } from '../ui/components/InPageFrame';
import { SmsButton } from '../ui/components/SmsButton';
import { unreadRepliesText } from '../ui/unread-replies-text';
import { useCardUnread } from './use-card-unread';
import { useInPageFrame } from './use-in-page-frame';

/**
 * The roots mounted into the page's closed shadow roots. Only the SMS button is drawn in the page;
 * the dialog and the sent list are frames of the extension's own page.
 */

/** The SMS button, marked with the contact's unread replies; `readTick` changes when the conversation read them. */
export function ButtonRoot({ language, crmId, readTick, onOpen }: { language: Language; crmId: string | null; readTick: number; onOpen(event: Event): void }) {
  const unread = useCardUnread(crmId, readTick);
  return (
    <SmsButton
      label={translate(language, 'smsButton')}
      title={translate(language, 'smsButtonTitle')}
      unread={unread}
      unreadWords={unreadRepliesText(unread, language)}
      onClick={onOpen}
    />
  );
}

const MAX_PANEL_HEIGHT = 2000;

export function SentPanelRoot({ language, crmId, onRepliesRead }: { language: Language; crmId: string; onRepliesRead(): void }) {
  const [height, setHeight] = useState(120);
  const { src } = useInPageFrame({ kind: 'sent', crmId }, (event) => {
    if (event.type === 'resize') setHeight(Math.min(Math.max(Math.ceil(event.height), 40), MAX_PANEL_HEIGHT));
    if (event.type === 'repliesRead') onRepliesRead();
  });
  return <InPageFrame name="sent" src={src} title={translate(language, 'conversation')} height={height} />;
}

export function DialogRoot({ language, contact, crmId, onClose }: { language: Language; contact: ContactRead; crmId: string; onClose(): void }) {
  const { src } = useInPageFrame({ kind: 'dialog', crmId, contact }, (event) => event.type === 'close' && onClose());
  return <InPageFrame name="dialog" src={src} title={translate(language, 'dialogTitle')} focus />;
}

export function MailingsRoot({ language, onClose }: { language: Language; onClose(): void }) {
  const { src } = useInPageFrame({ kind: 'mailings' }, (event) => event.type === 'close' && onClose());
  return <InPageFrame name="mailings" src={src} title={translate(language, 'mailingsPanel')} />;
}
