// Type-only imports: the content script uses cardOutcome, and zod stays out of the CRM page's bundle.
import type { HealthReport, ReadLayer, SiteOverride } from '../../shared/adapter-overrides';
import type { ContactRead, CrmAdapter, TextField } from '../crm/types';
import type { Result } from '../messaging/protocol';

/** One card as read: per field, the layer that read it, or null when nothing did. Counts are made of these. */
export type CardOutcome = Record<string, ReadLayer | null>;

/** Seven digits in a row (spaces, dashes, brackets between them) or an @: a phone number or an e-mail address. */
const CONTACT_SHAPED = /\d(?:[\s().+-]*\d){6}|@/;

/** As many fields as a health report may carry. */
export const MAX_HEALTH_FIELDS = 40;

/**
 * What a card read says about the rules: every field the adapter or the site's override has a rule
 * for (and the name and phones, which the card fallback always looks for), each with its layer or null.
 */
export function cardOutcome(read: ContactRead, adapter: CrmAdapter, override: SiteOverride | null): CardOutcome {
  const wanted = new Set<TextField | 'phones' | 'doNotUseSms'>(['name', 'phones']);
  for (const field of Object.keys(adapter.fields) as TextField[]) wanted.add(field);
  for (const field of Object.keys(adapter.globals ?? {}) as TextField[]) wanted.add(field);
  for (const field of Object.keys(override?.fields ?? {}) as TextField[]) wanted.add(field);
  if ((adapter.doNotUseSms?.length ?? 0) > 0 || (override?.doNotUseSms.length ?? 0) > 0) wanted.add('doNotUseSms');
  for (const field of Object.keys(read.layers) as TextField[]) wanted.add(field);
  const outcome: CardOutcome = {};
  for (const field of wanted) outcome[field] = read.provenance[field] === null ? null : (read.layers[field] ?? 'adapter');
  for (const { label } of override?.extraFields ?? []) {
    // A label is a field's name, never data; one shaped like a phone or an e-mail is not reported (the relay refuses it).
    if (!CONTACT_SHAPED.test(label)) outcome[label] = read.extra[label] ? 'override' : null;
  }
  return outcome;
}

interface Pending {
  site: string;
  adapter: string;
  /** When its first card was counted (ms). */
  since: number;
  cards: number;
  fields: Record<string, { read: Partial<Record<ReadLayer, number>>; missing: number }>;
  /** After a failed send: not tried again before this (ms). */
  retryAt?: number;
}

export interface PendingStore {
  load(): Promise<unknown>;
  save(pending: Pending[]): Promise<void>;
}

/** Errors after which the same counts are sent again later (the relay was away); any other refusal drops them. */
const RETRY = new Set(['relay_unreachable', 'no_token', 'extension_unavailable']);

function add(into: Pending, outcome: CardOutcome): void {
  into.cards += 1;
  for (const [field, layer] of Object.entries(outcome)) {
    if (!(field in into.fields) && Object.keys(into.fields).length >= MAX_HEALTH_FIELDS) continue;
    const counts = (into.fields[field] ??= { read: {}, missing: 0 });
    if (layer === null) counts.missing += 1;
    else counts.read[layer] = (counts.read[layer] ?? 0) + 1;
  }
}

const isPending = (value: unknown): value is Pending =>
  typeof value === 'object' && value !== null && typeof (value as Pending).site === 'string' && typeof (value as Pending).cards === 'number';

/**
 * Selector health in the background: card outcomes added up per site and adapter and sent to the
 * relay in batches — when a site and adapter reach `everyCards` cards, or `everyMs` after the oldest
 * uncounted card. Counts only: no field's value ever leaves here. Kept in `store` meanwhile, so a
 * background that restarts sends them late rather than never.
 */
export function createReadHealth(deps: {
  send(report: HealthReport): Promise<Result<null>>;
  store: PendingStore;
  now?: () => number;
  everyMs?: number;
  everyCards?: number;
}) {
  const now = deps.now ?? Date.now;
  const everyMs = deps.everyMs ?? 60_000;
  const everyCards = deps.everyCards ?? 20;
  let queue: Promise<unknown> = Promise.resolve();
  let timer: ReturnType<typeof setTimeout> | undefined;
  /** One change at a time: a card counted while a batch is being sent is neither lost nor sent twice. */
  const serial = <T>(work: () => Promise<T>): Promise<T> => {
    const next = queue.then(work, work);
    queue = next.catch(() => undefined);
    return next;
  };

  const load = async (): Promise<Pending[]> => {
    const stored = await deps.store.load();
    return Array.isArray(stored) ? stored.filter(isPending) : [];
  };

  /** Due: enough cards, or old enough; and not right after a failed send. */
  const due = (p: Pending) => now() >= (p.retryAt ?? 0) && (p.cards >= everyCards || now() - p.since >= everyMs);

  async function sendDue(pending: Pending[], all: boolean): Promise<Pending[]> {
    const kept: Pending[] = [];
    for (const batch of pending) {
      if (!all && !due(batch)) {
        kept.push(batch);
        continue;
      }
      const sent = await deps.send({ site: batch.site, adapter: batch.adapter, cards: batch.cards, fields: batch.fields });
      // Counts the relay could not take yet go on adding up with what comes after them.
      if (!sent.ok && RETRY.has(sent.error.code)) kept.push({ ...batch, retryAt: now() + everyMs });
    }
    return kept;
  }

  function wake(pending: Pending[]): void {
    clearTimeout(timer);
    timer = undefined;
    if (pending.length === 0) return;
    const next = Math.min(...pending.map((p) => Math.max(p.since + everyMs, p.retryAt ?? 0)));
    timer = setTimeout(() => void flush(false), Math.max(0, next - now()));
  }

  /** Sends what is due (`all`: everything counted so far). */
  function flush(all = true): Promise<void> {
    return serial(async () => {
      const pending = await sendDue(await load(), all);
      await deps.store.save(pending);
      wake(pending);
    });
  }

  return {
    /** Counts one card read on `site` by `adapter`. */
    record(site: string, adapter: string, outcome: CardOutcome): Promise<void> {
      return serial(async () => {
        const pending = await load();
        let batch = pending.find((p) => p.site === site && p.adapter === adapter);
        if (!batch) pending.push((batch = { site, adapter, since: now(), cards: 0, fields: {} }));
        add(batch, outcome);
        const kept = await sendDue(pending, false);
        await deps.store.save(kept);
        wake(kept);
      });
    },
    flush,
  };
}

export type ReadHealth = ReturnType<typeof createReadHealth>;
