import { templateContextFor } from '../../shared/macros';
import { countSegments } from '../../shared/segments';
import type { MailingStorage } from '../store/mailing-storage';
import type { Directory } from './audience';
import type { CompiledTemplate } from './template';

const CHUNK = 1000;

/** After the text was edited in a paused mailing: recipients still queued get the new text. */
export function rerenderQueued(deps: { storage: MailingStorage; directory: Directory }, mailingId: string, template: CompiledTemplate, mailingName: string): void {
  const { storage, directory } = deps;
  if (!storage.isOpen(mailingId)) return;
  const queued = storage.recipientsIn(mailingId, ['queued']);
  const texts = new Map<number, { text: string; parts: number }>();
  for (let k = 0; k < queued.length; k += CHUNK) {
    for (const recipient of storage.read(mailingId, queued.slice(k, k + CHUNK))) {
      const contact = directory.contacts.get(recipient.contactId);
      if (!contact || !recipient.phone) continue;
      const text = template.render(templateContextFor(contact, recipient.phone, mailingName));
      texts.set(recipient.index, { text, parts: countSegments(text).parts });
    }
  }
  storage.replaceTexts(mailingId, texts);
}
