import type { Pool, PoolClient } from 'pg';
import type { StoredMessage } from '../messages';
import { inTransaction } from './transaction';

/** The columns a message is found by, from its record. */
const columnsOf = (message: StoredMessage) => [message.contact?.crmId ?? null, message.phone, message.providerMessageId, message.status, message.createdAt];

const one = async (pool: Pool, sql: string, values: unknown[]): Promise<StoredMessage | undefined> =>
  (await pool.query<{ record: StoredMessage }>(sql, values)).rows[0]?.record;

const many = async (pool: Pool, sql: string, values: unknown[] = []): Promise<StoredMessage[]> =>
  (await pool.query<{ record: StoredMessage }>(sql, values)).rows.map((row) => row.record);

/**
 * Card messages (relay/store/messages.ts) in PostgreSQL: the same records and listings, what the embedded store's
 * maps in memory answer asked of indexes instead. An update reads and writes its messages under row locks in one
 * transaction, so two relays patching one message (a delivery callback and a poll) apply one after the other.
 */
export class PgMessageStore {
  constructor(private readonly pool: Pool) {}

  get(id: string): Promise<StoredMessage | undefined> {
    return one(this.pool, 'SELECT record FROM messages WHERE id = $1', [id]);
  }

  /** The message with the provider's id; of several, the one written last. */
  byProviderMessageId(providerMessageId: string): Promise<StoredMessage | undefined> {
    return one(this.pool, 'SELECT record FROM messages WHERE provider_message_id = $1 ORDER BY written DESC LIMIT 1', [providerMessageId]);
  }

  /** The latest card message to these digits (by createdAt; of equal ones, the one written last), if any. */
  lastToPhone(digits: string): Promise<StoredMessage | undefined> {
    return one(this.pool, 'SELECT record FROM messages WHERE phone = $1 ORDER BY created_at DESC, written DESC LIMIT 1', [digits]);
  }

  /** The contact's messages, the latest inserted first. */
  forContact(crmId: string): Promise<StoredMessage[]> {
    return many(this.pool, 'SELECT record FROM messages WHERE crm_id = $1 ORDER BY seq DESC', [crmId]);
  }

  /** Messages that may still change: the provider has not said its last word on them (FINAL_STATUSES). In the order inserted. */
  pending(): Promise<StoredMessage[]> {
    return many(this.pool, "SELECT record FROM messages WHERE provider_message_id IS NOT NULL AND status NOT IN ('delivered', 'failed') ORDER BY seq");
  }

  /** Messages left "sending" by a crash: the provider may or may not have them. In the order inserted. */
  inFlight(): Promise<StoredMessage[]> {
    return many(this.pool, "SELECT record FROM messages WHERE status = 'sending' ORDER BY seq");
  }

  async insert(message: StoredMessage): Promise<void> {
    await this.pool.query('INSERT INTO messages (id, record, crm_id, phone, provider_message_id, status, created_at) VALUES ($1, $2, $3, $4, $5, $6, $7)', [
      message.id,
      JSON.stringify(message),
      ...columnsOf(message),
    ]);
  }

  /** Applies changes to several messages in one transaction (of two patches for one message, the latter); unknown ids are passed over. */
  async update(changes: { id: string; patch: Partial<StoredMessage> }[]): Promise<void> {
    if (changes.length === 0) return;
    const patches = new Map(changes.map(({ id, patch }) => [id, patch]));
    await inTransaction(this.pool, async (client) => {
      // Locked in id order: two relays updating the same messages do not wait on each other crosswise.
      const { rows } = await client.query<{ id: string; record: StoredMessage }>('SELECT id, record FROM messages WHERE id = ANY($1::text[]) ORDER BY id FOR UPDATE', [
        [...patches.keys()],
      ]);
      // Written in the order the changes name them: the last one written is the one its provider's id finds.
      const byId = new Map(rows.map((row) => [row.id, row.record]));
      const updated = [...patches].flatMap(([id, patch]) => {
        const record = byId.get(id);
        return record ? [{ ...record, ...patch }] : [];
      });
      await writeBack(client, updated);
    });
  }

  async remove(id: string): Promise<void> {
    await this.pool.query('DELETE FROM messages WHERE id = $1', [id]);
  }
}

async function writeBack(client: PoolClient, messages: StoredMessage[]): Promise<void> {
  for (const message of messages) {
    await client.query(
      `UPDATE messages SET record = $2, crm_id = $3, phone = $4, provider_message_id = $5, status = $6, created_at = $7, written = nextval('messages_write_seq')
       WHERE id = $1`,
      [message.id, JSON.stringify(message), ...columnsOf(message)],
    );
  }
}
