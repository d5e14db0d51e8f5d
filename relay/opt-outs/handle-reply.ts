import { keywordOf, type OptOutKeywords } from '../../shared/opt-out-keywords';
import type { ReplyOutcome } from '../../shared/stop-list';
import { withdrawalsOf } from '../contacts/consents';
import type { SystemAudit } from '../domain/system-audit';
import type { ConsentStore } from '../store/consents';
import type { StopListService } from './stop-list-service';

export interface Reply {
  /** The number it came from, as the provider gave it. */
  from: string;
  text: string;
  /** The provider that delivered it (the sandbox, Twilio's inbound webhook …): who added the number. */
  provider: string;
  /** The contacts with that number: a STOP withdraws their consent to advertising. */
  contactIds: readonly string[];
  /** The provider's own opt-out handling of it (Twilio's OptOutType): it counts whatever the words. */
  optOut?: 'stop' | 'start';
  at: Date;
}

export interface HandleReplyDeps {
  stopList: StopListService;
  keywords: OptOutKeywords;
  consents: ConsentStore;
  /** Where each change a reply makes is recorded as the relay's own ("system:inbound"), before it is made. */
  audit: SystemAudit;
}

/** The reply's own words, as its entry's reason: «Стоп!». */
const quoted = (text: string) => `«${text.trim().slice(0, 100)}»`;

/**
 * What a reply does to the stop list: a STOP keyword puts its number on the list (source "reply") and
 * withdraws the consent to advertising of its contacts (source "reply"); a START keyword takes it off
 * the list again — only when a reply put it there, or the same provider's own refusals (Twilio lifts
 * its block on a START, so its 21610 entry goes too): a number an agent, an import, another provider
 * or the CRM listed stays listed, whatever the person texts (and a withdrawn consent stays withdrawn). Any other
 * reply changes nothing. Each change is in the audit log before it is made (a disk that refuses the
 * entry refuses the change). Each step is one that a second, equal reply repeats harmlessly, so a reply
 * whose handling a full disk cut short is handled whole when it comes again.
 * Every inbound route (the sandbox's simulated replies, the providers' webhooks) hands its replies here.
 */
export async function handleReply(deps: HandleReplyDeps, reply: Reply): Promise<ReplyOutcome> {
  const keyword = reply.optOut ?? keywordOf(reply.text, deps.keywords);
  const change = (action: string, details: Record<string, string>) => ({
    user: 'system:inbound' as const,
    action,
    target: { phone: reply.from },
    details: { provider: reply.provider, ...details },
  });
  if (keyword === 'stop') {
    const reason = quoted(reply.text);
    const { entry } = await deps.audit.around(
      change('stop-list add', { source: 'reply', reason }),
      () => deps.stopList.add({ phone: reply.from, source: 'reply', by: reply.provider, reason }),
      ({ created }) => ({ target: {}, details: { added: created } }),
    );
    const withdrawals = withdrawalsOf(deps.consents, reply.contactIds, { source: 'reply', by: 'relay', comment: `${reason} via ${reply.provider}`, at: reply.at });
    if (withdrawals.length > 0) {
      const crmIds = withdrawals.map((record) => record.crmId).join(', ');
      await deps.audit.around({ ...change('consent withdraw', { source: 'reply' }), target: { phone: reply.from, crmIds } }, async () =>
        deps.consents.append(withdrawals),
      );
    }
    return { keyword, stopList: entry };
  }
  if (keyword === 'start') {
    const entry = deps.stopList.entryOf(reply.from);
    const liftable = entry?.source === 'reply' || (entry?.source === 'provider' && entry.addedBy === reply.provider);
    if (!liftable) return { keyword, stopList: entry };
    const reason = quoted(reply.text);
    await deps.audit.around(change('stop-list remove', { source: entry.source, reason }), () => deps.stopList.remove(reply.from, { by: reply.provider, reason }));
    return { keyword, stopList: null };
  }
  return { keyword: null, stopList: deps.stopList.entryOf(reply.from) };
}
