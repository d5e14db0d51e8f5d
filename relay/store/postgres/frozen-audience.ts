import type { Pool } from 'pg';
import type { FrozenRecipient } from '../mailing-storage';
import { inTransaction } from './transaction';

/** Rows a statement carries: eleven arrays of this length, however long the audience. */
const CHUNK = 5_000;

const INSERT = `INSERT INTO mailing_recipients (mailing_id, idx, contact_id, name, phone, country, time_zone, text, parts, skip, state)
  SELECT $1, idx, contact_id, name, phone, country, time_zone, text, parts, skip, CASE WHEN skip IS NULL THEN 'queued' ELSE 'skipped' END
  FROM unnest($2::int[], $3::text[], $4::text[], $5::text[], $6::text[], $7::text[], $8::text[], $9::int[], $10::text[])
    AS r (idx, contact_id, name, phone, country, time_zone, text, parts, skip)`;

/**
 * Freezes a mailing's audience: recipient i of `recipients` becomes index i, queued (or skipped, with
 * its reason). One transaction: a launch that fails half-way leaves no recipient behind.
 */
export async function insertAudience(pool: Pool, mailingId: string, recipients: readonly FrozenRecipient[]): Promise<void> {
  await inTransaction(pool, async (client) => {
    for (let start = 0; start < recipients.length; start += CHUNK) {
      const chunk = recipients.slice(start, start + CHUNK);
      await client.query(INSERT, [
        mailingId,
        chunk.map((_, k) => start + k),
        chunk.map((r) => r.contactId),
        chunk.map((r) => r.name),
        chunk.map((r) => r.phone),
        chunk.map((r) => r.country),
        chunk.map((r) => r.timeZone ?? null),
        chunk.map((r) => r.text),
        chunk.map((r) => r.parts),
        chunk.map((r) => r.skip),
      ]);
    }
  });
}
