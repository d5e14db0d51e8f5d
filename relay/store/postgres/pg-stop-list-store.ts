import type { Pool, PoolClient } from 'pg';
import type { StopListEntry, StopListEvent } from '../../../shared/stop-list';
import type { Turn } from '../../contacts/time-slicer';
import type { StopListRecord } from '../stop-list';
import { changesOf, countChange } from './collection-changes';
import { inTransaction } from './transaction';

/** Numbers per statement; a bigger change is written in parts, taking turns between them, in one transaction. */
const WRITE_PART = 1000;
/** Rows a listing reads at a time. */
const PAGE = 1000;

const noTurns: Turn = async () => {};

interface RecordRow {
  phone: string;
  entry: StopListEntry | null;
  history: StopListEvent[] | null;
  seq: string;
}

const HISTORY = '(SELECT json_agg(e.event ORDER BY e.seq) FROM stop_list_events e WHERE e.phone = s.phone)';

const recordOf = (row: RecordRow): StopListRecord => ({ phone: row.phone, entry: row.entry, history: row.history ?? [] });

/** The first occurrence of each key, in order. */
function firstOfEach<T>(items: Iterable<T>, keyOf: (item: T) => string): T[] {
  const seen = new Map<string, T>();
  for (const item of items) if (!seen.has(keyOf(item))) seen.set(keyOf(item), item);
  return [...seen.values()];
}

/** `n` new change numbers, ascending: given to the numbers in the order the caller named them. */
async function changeNumbers(client: PoolClient, n: number): Promise<string[]> {
  const { rows } = await client.query<{ seq: string }>("SELECT nextval('stop_list_change_seq')::text AS seq FROM generate_series(1, $1)", [n]);
  return rows.map((row) => row.seq).sort((a, b) => (BigInt(a) < BigInt(b) ? -1 : 1));
}

/**
 * The stop list (relay/store/stop-list.ts) in PostgreSQL, with the embedded store's meaning: a number's record stays
 * after its removal, with its history; listings follow the latest change; a change of many numbers is all of them
 * or none. Nothing is held in memory: `has` is an index lookup, `listedAmong` one for a batch of recipients. Two
 * relays putting the same number on the list at once: one of them adds it (row locks, not the embedded queue).
 */
export class PgStopListStore {
  constructor(private readonly pool: Pool) {}

  /** Whether the number is on the list now. */
  async has(phone: string): Promise<boolean> {
    const { rows } = await this.pool.query('SELECT 1 FROM stop_list WHERE phone = $1 AND entry IS NOT NULL', [phone]);
    return rows.length > 0;
  }

  /** Which of the numbers are on the list now: `has` for a batch of a mailing's recipients, in one query. */
  async listedAmong(phones: readonly string[]): Promise<Set<string>> {
    const { rows } = await this.pool.query<{ phone: string }>('SELECT phone FROM stop_list WHERE phone = ANY($1::text[]) AND entry IS NOT NULL', [phones]);
    return new Set(rows.map((row) => row.phone));
  }

  /** The number's entry while it is on the list. */
  async entry(phone: string): Promise<StopListEntry | undefined> {
    const { rows } = await this.pool.query<{ entry: StopListEntry | null }>('SELECT entry FROM stop_list WHERE phone = $1', [phone]);
    return rows[0]?.entry ?? undefined;
  }

  /** The number's entry and history, also after a removal; undefined when it never was on the list. */
  async get(phone: string): Promise<StopListRecord | undefined> {
    const { rows } = await this.pool.query<RecordRow>(`SELECT s.phone, s.entry, ${HISTORY} AS history, s.seq FROM stop_list s WHERE s.phone = $1`, [phone]);
    return rows[0] ? recordOf(rows[0]) : undefined;
  }

  /** How many writes changed the list, by any relay. */
  changes(): Promise<number> {
    return changesOf(this.pool, 'stop_list');
  }

  /** How many numbers are on the list now. */
  async size(): Promise<number> {
    const { rows } = await this.pool.query<{ n: string }>('SELECT count(*) AS n FROM stop_list WHERE entry IS NOT NULL');
    return Number(rows[0]!.n);
  }

  /** The numbers on the list, newest change first, read a page at a time (a change made meanwhile may be missed). */
  async *newestFirst(): AsyncGenerator<StopListEntry> {
    for (let before: string | null = null; ;) {
      const { rows }: { rows: { entry: StopListEntry; seq: string }[] } = await this.pool.query(
        'SELECT entry, seq FROM stop_list WHERE entry IS NOT NULL AND ($1::bigint IS NULL OR seq < $1::bigint) ORDER BY seq DESC LIMIT $2',
        [before, PAGE],
      );
      for (const row of rows) yield row.entry;
      if (rows.length < PAGE) return;
      before = rows[rows.length - 1]!.seq;
    }
  }

  /** Every number the list knows, on it now or taken off (with its history), oldest change first, a page at a time. */
  async *everyNumber(): AsyncGenerator<StopListRecord> {
    for (let after = '0'; ;) {
      const { rows } = await this.pool.query<RecordRow>(
        `SELECT s.phone, s.entry, ${HISTORY} AS history, s.seq FROM stop_list s WHERE s.seq > $1 ORDER BY s.seq LIMIT $2`,
        [after, PAGE],
      );
      for (const row of rows) yield recordOf(row);
      if (rows.length < PAGE) return;
      after = rows[rows.length - 1]!.seq;
    }
  }

  /** Puts the number on the list; false (and nothing written) when it is there already. */
  async add(entry: StopListEntry): Promise<boolean> {
    return (await this.addMany([entry])).length === 1;
  }

  /**
   * Puts the numbers not on the list yet on it (a number given twice, once: its first entry), in one transaction:
   * all of them or none; the entries it added, in the order given. A big one is written in parts, taking turns.
   */
  async addMany(entries: Iterable<StopListEntry>, turn: Turn = noTurns): Promise<StopListEntry[]> {
    const wanted = firstOfEach(entries, (entry) => entry.phone);
    if (wanted.length === 0) return [];
    const added = await inTransaction(this.pool, async (client) => {
      const phones = new Set<string>();
      for (let at = 0; at < wanted.length; at += WRITE_PART) {
        if (at > 0) await turn();
        const part = wanted.slice(at, at + WRITE_PART);
        const seqs = await changeNumbers(client, part.length);
        // A number on the list already (also one another relay just put there) is left as it is.
        const { rows } = await client.query<{ phone: string }>(
          `INSERT INTO stop_list AS s (phone, entry, seq)
           SELECT phone, entry::json, seq FROM unnest($1::text[], $2::text[], $3::bigint[]) AS t(phone, entry, seq) ORDER BY phone
           ON CONFLICT (phone) DO UPDATE SET entry = excluded.entry, seq = excluded.seq WHERE s.entry IS NULL
           RETURNING phone`,
          [part.map((entry) => entry.phone), part.map((entry) => JSON.stringify(entry)), seqs],
        );
        const fresh = new Set(rows.map((row) => row.phone));
        const events = part.filter((entry) => fresh.has(entry.phone));
        await appendEvents(
          client,
          events.map((entry) => entry.phone),
          events.map((entry): StopListEvent => ({
            action: 'added',
            at: entry.addedAt,
            by: entry.addedBy,
            source: entry.source,
            ...(entry.reason ? { reason: entry.reason } : {}),
          })),
        );
        for (const phone of fresh) phones.add(phone);
      }
      if (phones.size > 0) await countChange(client, 'stop_list');
      return phones;
    });
    return wanted.filter((entry) => added.has(entry.phone));
  }

  /** Takes the number off the list, keeping why in its history; false (and nothing written) when it is not on it. */
  async remove(phone: string, removal: { at: string; by: string; reason: string }): Promise<boolean> {
    return (await this.removeMany([phone], removal)).length === 1;
  }

  /** Takes those of the numbers that are on the list off it in one transaction, keeping why in their history; the numbers it took off, in the order given. */
  async removeMany(phones: Iterable<string>, removal: { at: string; by: string; reason: string }): Promise<string[]> {
    const wanted = firstOfEach(phones, (phone) => phone);
    if (wanted.length === 0) return [];
    const removed = await inTransaction(this.pool, async (client) => {
      const taken = new Set<string>();
      for (let at = 0; at < wanted.length; at += WRITE_PART) {
        const part = wanted.slice(at, at + WRITE_PART);
        const seqs = await changeNumbers(client, part.length);
        const { rows } = await client.query<{ phone: string }>(
          `UPDATE stop_list s SET entry = NULL, seq = t.seq FROM unnest($1::text[], $2::bigint[]) AS t(phone, seq)
           WHERE s.phone = t.phone AND s.entry IS NOT NULL RETURNING s.phone`,
          [part, seqs],
        );
        const done = new Set(rows.map((row) => row.phone));
        const off = part.filter((phone) => done.has(phone));
        await appendEvents(
          client,
          off,
          off.map((): StopListEvent => ({ action: 'removed', ...removal })),
        );
        for (const phone of off) taken.add(phone);
      }
      if (taken.size > 0) await countChange(client, 'stop_list');
      return taken;
    });
    return wanted.filter((phone) => removed.has(phone));
  }
}

async function appendEvents(client: PoolClient, phones: string[], events: StopListEvent[]): Promise<void> {
  if (phones.length === 0) return;
  await client.query('INSERT INTO stop_list_events (phone, event) SELECT phone, event::json FROM unnest($1::text[], $2::text[]) AS t(phone, event)', [
    phones,
    events.map((event) => JSON.stringify(event)),
  ]);
}
