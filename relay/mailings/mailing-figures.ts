import type { MessageView } from '../../shared/api';
import { noSkips, type MailingCounters, type RecipientState } from '../../shared/mailings';
import { countSegments } from '../../shared/segments';
import type { MessageStatus } from '../../shared/status';
import type { LedgerTotals, MailingStorage } from '../store/mailing-storage';

/** A recipient's state as the sent-SMS list shows it. */
const MESSAGE_STATUS: Partial<Record<RecipientState, MessageStatus>> = {
  queued: 'queued',
  sending: 'sending',
  sent: 'sent',
  delivered: 'delivered',
  failed: 'failed',
  unknown: 'unknown',
};

/** Russian providers bill in roubles; Twilio says its currency with each price. */
const providerCurrency = (providerId: string): string | null => (providerId === 'twilio' ? null : 'RUB');

/** What the engine tells of its mailings: counters, totals, the currency, a contact's mailing messages. */
export function createMailingFigures(deps: { storage: MailingStorage; held(mailingId: string): number }) {
  const { storage } = deps;
  /** The currency each mailing's provider reports costs in (learnt from its answers). */
  const currencies = new Map<string, string>();
  const currency = (mailingId: string): string | null => currencies.get(mailingId) ?? providerCurrency(storage.get(mailingId)?.provider ?? '');

  return {
    learnCurrency: (mailingId: string, code: string): void => void currencies.set(mailingId, code),
    currency,

    counters(mailingId: string): MailingCounters {
      const counts = storage.counts(mailingId);
      if (!counts) return { total: 0, queued: 0, sending: 0, sent: 0, delivered: 0, failed: 0, unknown: 0, skipped: noSkips(), held: 0 };
      return { ...counts, skipped: { ...counts.skipped }, held: storage.isOpen(mailingId) ? deps.held(mailingId) : counts.held };
    },

    totals: (mailingId: string): LedgerTotals | null => storage.totals(mailingId) ?? null,

    /** A contact's mailing messages as the sent-SMS list shows them. */
    messagesForContact(crmId: string): MessageView[] {
      const views: MessageView[] = [];
      for (const { mailingId, recipient } of storage.recipientsOfContact(crmId)) {
        const mailing = storage.get(mailingId);
        const status = MESSAGE_STATUS[recipient.state];
        if (!mailing || !status || !recipient.phone || recipient.text === null) continue;
        const { error, cost } = recipient;
        views.push({
          id: `${mailingId}:${recipient.index}`,
          contact: { crmId, name: recipient.name },
          phone: recipient.phone,
          text: recipient.text,
          parts: recipient.parts,
          encoding: countSegments(recipient.text).encoding,
          provider: mailing.provider as MessageView['provider'],
          providerMessageId: recipient.providerMessageId,
          status,
          cost,
          currency: cost === null ? null : currency(mailingId),
          error: error ? { code: 'not_delivered', message: error, messageRu: error } : null,
          mailing: { id: mailingId, name: mailing.name },
          sentBy: mailing.createdBy,
          createdAt: mailing.launchedAt ?? mailing.createdAt,
          updatedAt: recipient.updatedAt ? new Date(recipient.updatedAt).toISOString() : (mailing.launchedAt ?? mailing.createdAt),
        });
      }
      return views;
    },
  };
}
