import type { Pool } from 'pg';
import type { ConsentRecord } from '../../../shared/consent';
import { changesOf, countChange } from './collection-changes';
import { inTransaction } from './transaction';

/**
 * Consent to advertising (relay/store/consents.ts) in PostgreSQL: an append-only table, so there is no path here
 * that updates or deletes a record (and the database refuses one). A contact's consent now is its latest record,
 * found through an index rather than the embedded store's per-contact histories in memory.
 */
export class PgConsentStore {
  constructor(private readonly pool: Pool) {}

  /** How many appends changed the consents, by any relay. */
  changes(): Promise<number> {
    return changesOf(this.pool, 'consents');
  }

  /** The contact's consent now: its latest record, or undefined when none was ever recorded. */
  async current(crmId: string): Promise<ConsentRecord | undefined> {
    const { rows } = await this.pool.query<{ record: ConsentRecord }>('SELECT record FROM consents WHERE crm_id = $1 ORDER BY seq DESC LIMIT 1', [crmId]);
    return rows[0]?.record;
  }

  /** Whether the contact's consent now is a granted one. */
  async granted(crmId: string): Promise<boolean> {
    return (await this.current(crmId))?.granted === true;
  }

  /** Which of the contacts' consent now is a granted one: `granted` for a batch of a mailing's recipients, in one query. */
  async grantedAmong(crmIds: readonly string[]): Promise<Set<string>> {
    const { rows } = await this.pool.query<{ crm_id: string; granted: boolean }>(
      'SELECT DISTINCT ON (crm_id) crm_id, granted FROM consents WHERE crm_id = ANY($1::text[]) ORDER BY crm_id, seq DESC',
      [crmIds],
    );
    return new Set(rows.filter((row) => row.granted).map((row) => row.crm_id));
  }

  /** The contact's records, oldest first. */
  async history(crmId: string): Promise<ConsentRecord[]> {
    const { rows } = await this.pool.query<{ record: ConsentRecord }>('SELECT record FROM consents WHERE crm_id = $1 ORDER BY seq', [crmId]);
    return rows.map((row) => row.record);
  }

  /** Appends the records as one group, in their order: all of them are stored, or (when one is refused) none. */
  async append(records: readonly ConsentRecord[]): Promise<void> {
    if (records.length === 0) return;
    await inTransaction(this.pool, async (client) => {
      // Numbers taken first and given in the records' order: a contact's history is the order they were given in.
      const { rows } = await client.query<{ seq: string }>("SELECT nextval(pg_get_serial_sequence('consents', 'seq'))::text AS seq FROM generate_series(1, $1)", [
        records.length,
      ]);
      const seqs = rows.map((row) => row.seq).sort((a, b) => (BigInt(a) < BigInt(b) ? -1 : 1));
      await client.query('INSERT INTO consents (seq, crm_id, granted, record) SELECT * FROM unnest($1::bigint[], $2::text[], $3::boolean[], $4::json[])', [
        seqs,
        records.map((record) => record.crmId),
        records.map((record) => record.granted),
        records.map((record) => JSON.stringify(record)),
      ]);
      await countChange(client, 'consents');
    });
  }
}
