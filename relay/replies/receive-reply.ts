import { randomBytes } from 'node:crypto';
import type { OptOutKeywords } from '../../shared/opt-out-keywords';
import type { ProviderId } from '../../shared/providers';
import type { InboundMessage } from '../../shared/replies';
import type { ReplyOutcome } from '../../shared/stop-list';
import type { Clock } from '../clock';
import type { SystemAudit } from '../domain/system-audit';
import { handleReply } from '../opt-outs/handle-reply';
import { stopListPhone } from '../opt-outs/stop-list-phone';
import type { StopListService } from '../opt-outs/stop-list-service';
import type { ConsentStore } from '../store/consents';
import type { InboundMessageStore } from '../store/inbound-messages';
import { matchReply, type ReplyMatchDeps } from './match-reply';

export interface ReceiveReplyDeps {
  inbound: InboundMessageStore;
  stopList: StopListService;
  consents: ConsentStore;
  keywords: OptOutKeywords;
  match: ReplyMatchDeps;
  clock: Clock;
  defaultCountry: string;
  /** Where a STOP's or START's changes are recorded before they are made. */
  audit: SystemAudit;
}

/** One SMS a person sent, as a webhook (or the sandbox) passes it on. */
export interface IncomingReply {
  provider: ProviderId;
  providerMessageId: string;
  from: string;
  to: string;
  text: string;
  optOut?: 'stop' | 'start';
}

export interface ReceivedReply {
  message: InboundMessage;
  outcome: ReplyOutcome;
  /** The provider had delivered it before: nothing was done again. */
  duplicate: boolean;
}

/** E.164 digits of the sender, or null when what the provider wrote is no phone number (a short code, a name). */
function senderDigits(from: string, defaultCountry: string): string | null {
  try {
    return stopListPhone(from, defaultCountry, 'from');
  } catch {
    return null;
  }
}

/**
 * Takes in one reply: matched to its contacts and to the mailing of the last message to the number, its
 * STOP or START applied (stop list, consent), then stored. Stored last, because storing is what makes a
 * second delivery of it a duplicate: a reply whose STOP a full disk refused is not stored, the webhook
 * answers an error, and the provider's retry applies it whole — as it does when the disk refuses the
 * change's audit entry. Once per (provider, provider's id): a delivery of a stored reply changes nothing
 * and records nothing.
 */
export async function receiveReply(deps: ReceiveReplyDeps, reply: IncomingReply): Promise<ReceivedReply> {
  const known = deps.inbound.byProviderMessageId(reply.provider, reply.providerMessageId);
  const digits = senderDigits(reply.from, deps.defaultCountry);
  const listed = () => (digits ? deps.stopList.entryOf(digits) : null);
  if (known) return { message: known, outcome: { keyword: known.keyword, stopList: listed() }, duplicate: true };

  const at = new Date(deps.clock.now());
  const match = digits ? matchReply(deps.match, digits) : { contactIds: [], mailingId: null };
  const outcome: ReplyOutcome = digits
    ? await handleReply(deps, { from: digits, text: reply.text, provider: reply.provider, contactIds: match.contactIds, optOut: reply.optOut, at })
    : { keyword: null, stopList: null };
  const { message, created } = await deps.inbound.add({
    id: `in_${randomBytes(9).toString('base64url')}`,
    provider: reply.provider,
    providerMessageId: reply.providerMessageId,
    from: digits ?? reply.from.trim(),
    to: reply.to,
    text: reply.text,
    receivedAt: at.toISOString(),
    contactIds: match.contactIds,
    mailingId: match.mailingId,
    keyword: outcome.keyword,
    read: false,
  });
  return { message, outcome: created ? outcome : { keyword: message.keyword, stopList: listed() }, duplicate: !created };
}
