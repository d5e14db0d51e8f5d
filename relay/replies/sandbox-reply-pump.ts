import type { Logger } from '../logger';
import type { InboundSms } from '../providers/types';
import type { IncomingReply } from './receive-reply';

/** How often the simulated answers that are due are taken in. */
const PUMP_MS = 500;

/**
 * Takes in the answers the sandbox pretends mailing recipients send (SANDBOX_REPLY_RATE), through the
 * same handling as a real provider's webhook. An answer whose handling fails (a full disk) is logged
 * and lost, as a webhook the relay could not take would be. Returns the stop function.
 */
export function startSandboxReplies(deps: { dueReplies(): InboundSms[]; receive(reply: IncomingReply): Promise<unknown>; logger: Logger }): () => void {
  let timer: NodeJS.Timeout | undefined;
  let stopped = false;
  const loop = async () => {
    for (const sms of deps.dueReplies()) {
      try {
        await deps.receive({ provider: 'sandbox', ...sms });
      } catch (error) {
        deps.logger.error(`sandbox reply from ${sms.from} not taken in: ${(error as Error).message}`);
      }
    }
    if (!stopped) timer = setTimeout(loop, PUMP_MS);
  };
  timer = setTimeout(loop, PUMP_MS);
  return () => {
    stopped = true;
    clearTimeout(timer);
  };
}
