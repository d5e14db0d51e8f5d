import { randomBytes } from 'node:crypto';
import type { InboundSms } from './types';

export interface SandboxReplyOptions {
  /** Share of delivered mailing messages whose recipient answers, 0…1. */
  replyRate: number;
  /** Share of those answers that are «СТОП», 0…1; the others say «Спасибо!». */
  stopShare: number;
  /** The answer comes this long after the message was sent (when the sandbox reports it delivered, and a second). */
  afterMs: number;
}

/** «СТОП» and a word that is no keyword: what simulated recipients answer. */
export const SANDBOX_STOP_TEXT = 'СТОП';
export const SANDBOX_OTHER_TEXT = 'Спасибо!';

/** Whether the k-th of a run (from 0) is one of `share` of it: exactly ⌊n·share⌋ of the first n are. */
const isInShare = (k: number, share: number) => Math.floor((k + 1) * share) > Math.floor(k * share);

/**
 * The answers the sandbox pretends recipients of mailing messages send, so that replies, STOPs and what
 * they do can be tried without an account. Which messages are answered is counted, not drawn: of n
 * delivered mailing messages exactly ⌊n·replyRate⌋ are, and of m answers exactly ⌊m·stopShare⌋ say «СТОП».
 */
export function createSandboxReplies(options: SandboxReplyOptions) {
  const pending: { at: number; sms: InboundSms }[] = [];
  let considered = 0;
  let answered = 0;
  return {
    /** A mailing message the sandbox took, that will be delivered: perhaps its recipient answers. */
    consider(message: { to: string; sentAt: number }): void {
      if (options.replyRate <= 0 || !isInShare(considered++, options.replyRate)) return;
      const text = isInShare(answered++, options.stopShare) ? SANDBOX_STOP_TEXT : SANDBOX_OTHER_TEXT;
      const sms: InboundSms = { providerMessageId: `sbx-in-${randomBytes(6).toString('hex')}`, from: message.to, to: 'sandbox', text };
      pending.push({ at: message.sentAt + options.afterMs, sms });
    },

    /** The answers whose time has come, each once, oldest first. */
    due(now: number): InboundSms[] {
      const ready: InboundSms[] = [];
      for (let k = 0; k < pending.length;) {
        if (pending[k]!.at <= now) ready.push(pending.splice(k, 1)[0]!.sms);
        else k++;
      }
      return ready;
    },
  };
}

export type SandboxReplies = ReturnType<typeof createSandboxReplies>;
