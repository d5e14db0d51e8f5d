import { useState } from 'preact/hooks';
import type { ContactView } from '../../../../shared/api';
import type { MailingView, PreviewView } from '../../../../shared/mailings';
import { ask } from '../../../messaging/client';
import type { UiError } from '../../../messaging/protocol';

export type PreviewState =
  | { step: 'closed' }
  | { step: 'pick' }
  | { step: 'loading'; contact: ContactView }
  | { step: 'done'; contact: ContactView; preview: PreviewView }
  | { step: 'error'; contact: ContactView | null; error: UiError };

/** «Проверить» (S7): save the mailing, pick a contact, show exactly the message that contact gets. */
export function usePreview(ensureSaved: () => Promise<MailingView | null>) {
  const [state, setState] = useState<PreviewState>({ step: 'closed' });
  const [mailingId, setMailingId] = useState<string | null>(null);
  return {
    state,
    async open(): Promise<void> {
      const mailing = await ensureSaved();
      if (!mailing) return;
      setMailingId(mailing.id);
      setState({ step: 'pick' });
    },
    async pick(contact: ContactView): Promise<void> {
      if (!mailingId) return;
      setState({ step: 'loading', contact });
      const result = await ask('preview', { id: mailingId, contactId: contact.crmId });
      setState(result.ok ? { step: 'done', contact, preview: result.value } : { step: 'error', contact, error: result.error });
    },
    again: () => setState({ step: 'pick' }),
    close: () => setState({ step: 'closed' }),
  };
}

export type PreviewHook = ReturnType<typeof usePreview>;
