import type { Clock } from '../clock';
import type { RelayConfig } from '../config';
import type { Logger } from '../logger';
import { ProviderError } from '../providers/provider-error';
import { sandboxStatusPaceMs } from '../providers/sandbox-pace';
import type { SmsProvider } from '../providers/types';
import type { Store } from '../store/store';
import type { MailingEngine } from '../mailings/engine';
import { deliverUpdates } from './deliver-updates';

/** Messages older than this are no longer asked about (providers forget them too). */
const MAX_AGE_MS = 3 * 24 * 3600_000;

export interface StatusPoller {
  /** One round: asks the provider about every message still on its way; returns how many changed. */
  pollOnce(): Promise<number>;
}

/** Asks the provider for delivery statuses, for when callbacks cannot reach the relay. */
export function createStatusPoller(deps: { store: Store; engine: MailingEngine; provider: SmsProvider; clock: Clock; logger: Logger }): StatusPoller {
  const { store, engine, provider, clock, logger } = deps;

  async function pollOnce(): Promise<number> {
    if (!provider.status) return 0;
    const oldest = clock.now() - MAX_AGE_MS;
    const ids = store.messages
      .pending()
      .filter((m) => m.provider === provider.id && Date.parse(m.createdAt) >= oldest)
      .map((m) => m.providerMessageId!)
      .concat(engine.pendingProviderIds(provider.id));
    let changed = 0;
    for (let i = 0; i < ids.length; i += provider.capabilities.batchSize) {
      const batch = ids.slice(i, i + provider.capabilities.batchSize);
      try {
        changed += await deliverUpdates({ store, engine }, await provider.status(batch), new Date(clock.now()));
      } catch (error) {
        if (!(error instanceof ProviderError)) throw error;
        logger.warn(`status poll: ${error.message}`);
        break;
      }
    }
    return changed;
  }

  return { pollOnce };
}

/**
 * How often to ask `provider` about statuses, or null for never: a provider without status reports, or
 * statusPollSeconds 0. A real provider is asked every statusPollSeconds (its rate limits are real); the
 * sandbox, which answers from memory, at its own pace (sandbox-pace.ts), never slower than statusPollSeconds.
 */
export function statusPollIntervalMs(provider: Pick<SmsProvider, 'id' | 'status'>, config: Pick<RelayConfig, 'statusPollSeconds' | 'sandbox'>): number | null {
  if (!provider.status || config.statusPollSeconds === 0) return null;
  const everyMs = config.statusPollSeconds * 1000;
  return provider.id === 'sandbox' ? Math.min(everyMs, sandboxStatusPaceMs(config.sandbox)) : everyMs;
}

/** Polls every `intervalMs`, one round at a time; returns a function that stops it. */
export function startStatusPolling(poller: StatusPoller, intervalMs: number, logger: Logger): () => void {
  let timer: NodeJS.Timeout | undefined;
  let stopped = false;
  const loop = async () => {
    try {
      await poller.pollOnce();
    } catch (error) {
      logger.error(`status poll failed: ${(error as Error).message}`);
    }
    if (!stopped) timer = setTimeout(loop, intervalMs);
  };
  timer = setTimeout(loop, intervalMs);
  return () => {
    stopped = true;
    clearTimeout(timer);
  };
}
