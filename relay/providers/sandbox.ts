import { createHash, randomBytes } from 'node:crypto';
import { countSegments } from '../../shared/segments';
import type { MessageStatus } from '../../shared/status';
import type { Clock } from '../clock';
import { lookupInOutbox } from './sandbox-lookup';
import type { OutgoingSms, SmsProvider, StatusUpdate } from './types';

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
}

const OUTBOX_LIMIT = 10_000;
const CURRENCY = 'RUB';

/**
 * The built-in provider: sends nothing, remembers what it was asked, and walks each message through
 * queued → sent → delivered (or failed). A message's fate and timing are encoded in its id, so status
 * answers stay the same after a relay restart.
 */
export function createSandboxProvider(options: SandboxOptions): SandboxProvider {
  const outbox: SandboxOutboxEntry[] = [];
  // What the outbox can answer for: nothing before this sandbox started, nothing it has since let go of.
  const memory = { since: options.clock.now(), forgottenUpTo: -Infinity };
  let balance = options.balance;

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

  return {
    id: 'sandbox',
    name: 'Sandbox (sends nothing)',
    capabilities: { cost: true, balance: true, check: true, statusPoll: true, callbacks: false, batchSize: 100, maxParts: 8, lookup: true },

    async send(messages) {
      const now = options.clock.now();
      return messages.map((message) => {
        const { parts, cost } = priceOf(message);
        const providerMessageId = `sbx-${now}-${randomBytes(6).toString('hex')}`;
        outbox.push({ providerMessageId, to: message.to, text: message.text, ...(message.ref ? { ref: message.ref } : {}), parts, at: new Date(now).toISOString() });
        if (outbox.length > OUTBOX_LIMIT) {
          const forgotten = outbox.splice(0, outbox.length - OUTBOX_LIMIT);
          memory.forgottenUpTo = Date.parse(forgotten.at(-1)!.at);
        }
        balance = round(balance - cost);
        return { to: message.to, ok: true as const, providerMessageId, status: 'queued' as const, cost, currency: CURRENCY, parts };
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
        const update: StatusUpdate = { providerMessageId: id, status, providerStatus: status };
        if (status === 'failed') update.errorText = 'sandbox: simulated delivery failure';
        updates.push(update);
      }
      return updates;
    },

    async lookup(queries) {
      return queries.map((query) => lookupInOutbox(outbox, memory, query));
    },

    outbox: () => outbox,
  };
}

/** A number in [0, 1) fixed by the id. */
function fateRoll(id: string): number {
  return createHash('sha256').update(id).digest().readUInt32BE(0) / 2 ** 32;
}

const round = (value: number) => Math.round(value * 100) / 100;
