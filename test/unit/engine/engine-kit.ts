import { mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import type { EngineClock } from '../../../relay/clock';
import { silentLogger } from '../../../relay/logger';
import type { EngineConfig } from '../../../relay/mailings/engine-config';
import type { ProviderRegistry } from '../../../relay/providers/registry';
import type { LookupQuery, LookupResult, OutgoingSms, SendOutcome, SmsProvider } from '../../../relay/providers/types';
import { nodeIo } from '../../../relay/store/data-io';
import { LineFileMailingStorage } from '../../../relay/store/line-file-mailings/line-file-mailing-storage';
import { MailingStore } from '../../../relay/store/mailings';
import type { MailingStorage } from '../../../relay/store/mailing-storage';
import { frozen, mailingRecord } from '../../contract/mailing-storage.contract';

export const T0 = Date.parse('2030-01-01T09:00:00Z');

/** Lets every promise chain and file callback that is ready run. */
export const settle = async (turns = 20): Promise<void> => {
  for (let i = 0; i < turns; i++) await new Promise((resolve) => setImmediate(resolve));
};

/** A clock moved by hand: time stands still until `advance`, which runs each timer due, in order. */
export class ManualClock implements EngineClock {
  private t: number;
  private seq = 0;
  private timers: { at: number; seq: number; run: () => void }[] = [];

  constructor(start = T0) {
    this.t = start;
  }

  now = (): number => this.t;
  monotonic = (): number => this.t;

  after(ms: number, run: () => void): () => void {
    const timer = { at: this.t + Math.max(0, ms), seq: this.seq++, run };
    this.timers.push(timer);
    return () => void (this.timers = this.timers.filter((t) => t !== timer));
  }

  get pending(): number {
    return this.timers.length;
  }

  async advance(ms: number): Promise<void> {
    const end = this.t + ms;
    for (;;) {
      await settle();
      this.timers.sort((a, b) => a.at - b.at || a.seq - b.seq);
      const next = this.timers[0];
      if (!next || next.at > end) break;
      this.timers.shift();
      this.t = next.at;
      next.run();
    }
    this.t = end;
    await settle();
  }
}

export interface FakeProvider extends SmsProvider {
  requests: OutgoingSms[][];
  /** How the next requests are answered (default: every message sent). */
  answer: (messages: OutgoingSms[]) => Promise<SendOutcome[]> | SendOutcome[];
  lookups: LookupQuery[][];
  lookupAnswer: (queries: LookupQuery[]) => LookupResult[];
}

export function fakeProvider(options: { batchSize?: number; lookup?: boolean } = {}): FakeProvider {
  let n = 0;
  const provider: FakeProvider = {
    id: 'smsru',
    name: 'Fake',
    capabilities: {
      cost: false,
      balance: false,
      check: false,
      statusPoll: false,
      callbacks: false,
      batchSize: options.batchSize ?? 5,
      maxParts: 10,
      lookup: options.lookup ?? false,
      stopList: 'none',
      replies: false,
    },
    requests: [],
    lookups: [],
    answer: (messages) => messages.map((m) => ({ to: m.to, ok: true as const, providerMessageId: `p${n++}`, status: 'sent' as const })),
    lookupAnswer: (queries) => queries.map((q) => ({ to: q.to, found: 'unknown' as const })),
    async send(messages) {
      provider.requests.push(messages);
      return provider.answer(messages);
    },
  };
  if (options.lookup) {
    provider.lookup = async (queries) => {
      provider.lookups.push(queries);
      return provider.lookupAnswer(queries);
    };
  }
  return provider;
}

export const registryOf = (provider: SmsProvider): ProviderRegistry => ({
  active: provider,
  get: (id) => (id === provider.id ? provider : undefined),
  list: () => [provider],
});

export const engineConfig = (overrides: Partial<EngineConfig> = {}): EngineConfig => ({
  ratePerSecond: 0,
  concurrency: 1,
  maxAttempts: 3,
  retryBaseMs: 1000,
  errorRateThreshold: 0.5,
  errorRateWindow: 1000,
  quietWindow: null,
  startGraceMs: 3600_000,
  budgetCap: null,
  allowedCountries: '*',
  tickMs: 60_000,
  unknownLookupMs: 5000,
  ...overrides,
});

/** A real line-file storage in a fresh folder. */
export async function tempStorage(): Promise<MailingStorage> {
  const dir = mkdtempSync(join(tmpdir(), 'engine-'));
  return new LineFileMailingStorage(await MailingStore.open(join(dir, 'mailings.json')), (id) => join(dir, 'mailings', id), nodeIo);
}

/** A mailing with `n` frozen recipients (every tenth from the fourth has no phone) in `status`. */
export async function mailingWith(storage: MailingStorage, id: string, n: number, fields: Parameters<typeof mailingRecord>[1] = {}) {
  await storage.insert(mailingRecord(id, fields));
  const writer = storage.freezeAudience(id);
  writer.add(frozen(n));
  writer.finish();
  return storage.get(id)!;
}

export const logger = silentLogger;
