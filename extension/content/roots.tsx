import { useState } from 'preact/hooks';
import type { ContactRead } from '../crm/types';
import { translate, type Language } from '../i18n/texts';
import { InPageFrame } from '../ui/components/InPageFrame';
import { SmsButton } from '../ui/components/SmsButton';
import { useInPageFrame } from './use-in-page-frame';

/**
 * The roots mounted into the page's closed shadow roots. Only the SMS button is drawn in the page;
 * the dialog and the sent list are frames of the extension's own page.
 */

export function ButtonRoot({ language, onOpen }: { language: Language; onOpen(event: Event): void }) {
  return <SmsButton label={translate(language, 'smsButton')} title={translate(language, 'smsButtonTitle')} onClick={onOpen} />;
}

const MAX_PANEL_HEIGHT = 2000;

export function SentPanelRoot({ language, crmId }: { language: Language; crmId: string }) {
  const [height, setHeight] = useState(120);
  const { src } = useInPageFrame({ kind: 'sent', crmId }, (event) => {
    if (event.type === 'resize') setHeight(Math.min(Math.max(Math.ceil(event.height), 40), MAX_PANEL_HEIGHT));
  });
  return <InPageFrame name="sent" src={src} title={translate(language, 'sentSms')} height={height} />;
}

export function DialogRoot({ language, contact, crmId, onClose }: { language: Language; contact: ContactRead; crmId: string; onClose(): void }) {
  const { src } = useInPageFrame({ kind: 'dialog', crmId, contact }, (event) => event.type === 'close' && onClose());
  return <InPageFrame name="dialog" src={src} title={translate(language, 'dialogTitle')} focus />;
}

export function MailingsRoot({ language, onClose }: { language: Language; onClose(): void }) {
  const { src } = useInPageFrame({ kind: 'mailings' }, (event) => event.type === 'close' && onClose());
  return <InPageFrame name="mailings" src={src} title={translate(language, 'mailingsPanel')} />;
}
