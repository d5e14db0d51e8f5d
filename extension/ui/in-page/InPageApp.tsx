import type { FrameGrant } from '../../messaging/frame-protocol';
import { useLanguage } from '../hooks/useLanguage';
import { PopupApp } from '../popup/PopupApp';
import { DialogFrame } from './DialogFrame';
import { SentFrame } from './SentFrame';
import { tellHost } from './tell-host';

/** The in-page frame's view, as its ticket says, in the UI language (it follows the options as they change). */
export function InPageApp({ grant, ticket }: { grant: FrameGrant; ticket: string }) {
  const close = () => tellHost(ticket, { type: 'close' });
  const { view } = grant;
  const language = useLanguage(grant.language);
  if (view.kind === 'dialog') return <DialogFrame language={language} contact={view.contact} crmId={view.crmId} onClose={close} />;
  if (view.kind === 'sent') return <SentFrame language={language} crmId={view.crmId} ticket={ticket} />;
  return <PopupApp onClose={close} />;
}
