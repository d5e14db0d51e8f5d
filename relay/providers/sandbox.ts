import { createHash, randomBytes } from 'node:crypto';
import { countSegments } from '../../shared/segments';
import type { MessageStatus } from '../../shared/status';
import type { Clock } from '../clock';
import { ProviderError } from './provider-error';
import type { SandboxFeature } from './sandbox-features';
import { lookupInOutbox } from './sandbox-lookup';
import { createSandboxReplies } from './sandbox-replies';
import type { InboundSms, OutgoingSms, SendOutcome, SmsProvider, StatusUpdate } from './types';

export interface SandboxOptions {
  clock: Clock;
  /** Share of messages that end failed, 0…1. */
  failRate: number;
  /** After this long a message is reported sent, then delivered (or failed). */
  sentAfterMs: number;
  deliveredAfterMs: number;
  /** Starting balance and price of one SMS part, in RUB. */
  balance: number;
  pricePerPart: number;
  /** What it pretends it cannot do, as a provider that lacks it: the method is absent, the capability false. */
  without?: readonly SandboxFeature[];
  /** Share of delivered mailing messages that get an answer, and of those the share that say «СТОП» (default none). */
  replyRate?: number;
  stopShare?: number;
}

export interface SandboxOutboxEntry {
  providerMessageId: string;
  to: string;
  text: string;
  /** The reference the message was sent with, when it had one. */
  ref?: string;
  parts: number;
  at: string;
}

export interface SandboxProvider extends SmsProvider {
  /** What it was asked to send, newest last (the latest 10,000). */
  outbox(): readonly SandboxOutboxEntry[];
  /** The answers simulated recipients have sent by now (SANDBOX_REPLY_RATE), each given once. */
  dueReplies(): InboundSms[];
}

const OUTBOX_LIMIT = 10_000;
const CURRENCY = 'RUB';

/**
 * The built-in provider: sends nothing, remembers what it was asked, and walks each message through
 * queued → sent → delivered (or failed). A message's fate and timing are encoded in its id, so status
 * answers stay the same after a relay restart. Its money is real to it: a message its balance does not
 * cover is refused as "insufficient funds", as SMS.ru or SMSC would refuse it, and the balance never goes
 * below zero (it starts again from the setting when the relay restarts).
 */
export function createSandboxProvider(options: SandboxOptions): SandboxProvider {
  const outbox: SandboxOutboxEntry[] = [];
  // What the outbox can answer for: nothing before this sandbox started, nothing it has since let go of.
  const memory = { since: options.clock.now(), forgottenUpTo: -Infinity };
  let balance = options.balance;
  const replies = createSandboxReplies({ replyRate: options.replyRate ?? 0, stopShare: options.stopShare ?? 0, afterMs: options.deliveredAfterMs + 1_000 });

  const priceOf = (message: OutgoingSms) => {
    const parts = Math.max(1, countSegments(message.text).parts);
    return { parts, cost: round(parts * options.pricePerPart) };
  };

  function statusOf(id: string): MessageStatus | undefined {
    const sentAt = Number(id.split('-')[1]);
    if (!id.startsWith('sbx-') || !Number.isFinite(sentAt)) return undefined;
    const age = options.clock.now() - sentAt;
    if (age < options.sentAfterMs) return 'queued';
    if (age < options.deliveredAfterMs) return 'sent';
    return fateRoll(id) < options.failRate ? 'failed' : 'delivered';
  }

  const lacks = new Set(options.without ?? []);
  const provider: SandboxProvider = {
    id: 'sandbox',
    name: 'Sandbox (sends nothing)',
    capabilities: {
      cost: !lacks.has('cost'),
      balance: !lacks.has('balance'),
      check: true,
      statusPoll: !lacks.has('status'),
      callbacks: false,
      batchSize: 100,
      maxParts: 8,
      lookup: true,
      stopList: 'none',
      // Simulated: the admin route, and a share of mailing recipients (replyRate).
      replies: true,
    },

    async send(messages) {
      const now = options.clock.now();
      return messages.map((message): SendOutcome => {
        const { parts, cost } = priceOf(message);
        if (cost > balance) return { to: message.to, ok: false, error: outOfMoney(balance, cost) };
        const providerMessageId = `sbx-${now}-${randomBytes(6).toString('hex')}`;
        outbox.push({ providerMessageId, to: message.to, text: message.text, ...(message.ref ? { ref: message.ref } : {}), parts, at: new Date(now).toISOString() });
        if (outbox.length > OUTBOX_LIMIT) {
          const forgotten = outbox.splice(0, outbox.length - OUTBOX_LIMIT);
          memory.forgottenUpTo = Date.parse(forgotten.at(-1)!.at);
        }
        balance = round(balance - cost);
        // Mailing messages carry a reference; only a delivered one can be answered.
        if (message.ref && fateRoll(providerMessageId) >= options.failRate) replies.consider({ to: message.to, sentAt: now });
        // Without status reports there is no "queued" to leave: handed over is all it will ever say.
        const sent = { to: message.to, ok: true as const, providerMessageId, status: lacks.has('status') ? ('sent' as const) : ('queued' as const), parts };
        return lacks.has('cost') ? sent : { ...sent, cost, currency: CURRENCY };
      });
    },

    async cost(messages) {
      const perRecipient = messages.map((m) => ({ to: m.to, ...priceOf(m) }));
      return {
        cost: round(perRecipient.reduce((sum, r) => sum + r.cost, 0)),
        parts: perRecipient.reduce((sum, r) => sum + r.parts, 0),
        currency: CURRENCY,
        perRecipient,
      };
    },

    async balance() {
      return { balance, currency: CURRENCY };
    },

    async check() {},

    async status(ids) {
      const updates: StatusUpdate[] = [];
      for (const id of ids) {
        const status = statusOf(id);
        if (!status) continue;
        // No words of its own for a failure: the UI says «Оператор не доставил сообщение» in the user's language.
        updates.push({ providerMessageId: id, status, providerStatus: status });
      }
      return updates;
    },

    async lookup(queries) {
      return queries.map((query) => lookupInOutbox(outbox, memory, query));
    },

    outbox: () => outbox,
    dueReplies: () => replies.due(options.clock.now()),
  };
  // A capability it lacks is absent, never faked (types.ts): the relay answers "not supported" as for a real provider.
  if (lacks.has('cost')) delete provider.cost;
  if (lacks.has('balance')) delete provider.balance;
  if (lacks.has('status')) delete provider.status;
  return provider;
}

const outOfMoney = (balance: number, cost: number): ProviderError =>
  new ProviderError('insufficient_funds', { providerText: `sandbox balance ${balance.toFixed(2)} ${CURRENCY}, the message costs ${cost.toFixed(2)} ${CURRENCY}` });

/** A number in [0, 1) fixed by the id. */
function fateRoll(id: string): number {
  return createHash('sha256').update(id).digest().readUInt32BE(0) / 2 ** 32;
}

const round = (value: number) => Math.round(value * 100) / 100;
