import type { Pool, PoolClient } from 'pg';
import type { AuditEntry } from '../../../shared/audit';
import type { AuditBeginning, AuditOutcome, AuditRecord } from '../audit-log';
import { inTransaction } from './transaction';

/** Every relay numbers its entries under this lock, held to its transaction's end: numbers follow one another with no gap. */
const LOCK = 'crm-sms audit_entries';
/** Entries `all()` reads at a time. */
const PAGE = 500;

interface EntryRow {
  n: string;
  beginning: AuditBeginning;
  outcome: AuditOutcome | null;
}

const ENTRIES = `SELECT e.n, e.beginning, o.outcome FROM audit_entries e
  LEFT JOIN LATERAL (SELECT outcome FROM audit_outcomes WHERE n = e.n ORDER BY seq DESC LIMIT 1) o ON true`;

const entryOf = (row: EntryRow): AuditEntry => ({
  ...row.beginning,
  n: Number(row.n),
  target: { ...row.beginning.target, ...row.outcome?.target },
  details: row.outcome?.details ?? {},
  status: row.outcome?.status ?? null,
});

async function begun(client: PoolClient, beginning: AuditBeginning): Promise<number> {
  await client.query('SELECT pg_advisory_xact_lock(hashtext($1))', [LOCK]);
  const { rows } = await client.query<{ n: string }>('INSERT INTO audit_entries (n, beginning) SELECT coalesce(max(n), 0) + 1, $1 FROM audit_entries RETURNING n', [
    JSON.stringify(beginning),
  ]);
  return Number(rows[0]!.n);
}

/**
 * The audit log (relay/store/audit-log.ts) in PostgreSQL, shared by every relay and the CLI: entries numbered 1, 2,
 * 3 … in the order they were begun, an outcome appended beside its entry. Nothing is held in memory, so an outcome
 * the database refuses is thrown and not kept for the next write as the embedded log keeps it: the entry stays
 * without an outcome (status null), as after a relay that stopped before its outcome was written.
 */
export class PgAuditLog {
  constructor(private readonly pool: Pool) {}

  /** How many entries the log holds. */
  async size(): Promise<number> {
    // Numbers have no gaps and no entry is ever deleted: the highest is the count, read from the primary key's end.
    const { rows } = await this.pool.query<{ n: string }>('SELECT coalesce(max(n), 0) AS n FROM audit_entries');
    return Number(rows[0]!.n);
  }

  /** Writes a request's beginning; its number. Throws when the database refuses it: the request is refused then. */
  begin(beginning: AuditBeginning): Promise<number> {
    return inTransaction(this.pool, (client) => begun(client, beginning));
  }

  /** Writes a request's outcome. */
  async end(n: number, outcome: AuditOutcome): Promise<void> {
    await this.pool.query('INSERT INTO audit_outcomes (n, outcome) VALUES ($1, $2)', [n, JSON.stringify(outcome)]);
  }

  /** Writes a whole entry at once, its beginning and outcome in one transaction; its number. */
  async record(entry: AuditRecord): Promise<number> {
    const { status, details, target, ...beginning } = entry;
    return inTransaction(this.pool, async (client) => {
      const n = await begun(client, { ...beginning, target });
      await client.query('INSERT INTO audit_outcomes (n, outcome) VALUES ($1, $2)', [n, JSON.stringify({ status, target: {}, details })]);
      return n;
    });
  }

  /** `limit` entries from the `offset`-th newest on. */
  async newestFirst(offset: number, limit: number): Promise<AuditEntry[]> {
    const { rows } = await this.pool.query<EntryRow>(`${ENTRIES} ORDER BY e.n DESC OFFSET $1 LIMIT $2`, [offset, limit]);
    return rows.map(entryOf);
  }

  /** Every entry, newest first, read a page at a time (the entries there were when it began). */
  async *all(): AsyncGenerator<AuditEntry> {
    for (let below = (await this.size()) + 1; below > 1;) {
      const { rows } = await this.pool.query<EntryRow>(`${ENTRIES} WHERE e.n < $1 ORDER BY e.n DESC LIMIT $2`, [below, PAGE]);
      if (rows.length === 0) return;
      for (const row of rows) yield entryOf(row);
      below = Number(rows[rows.length - 1]!.n);
    }
  }
}
