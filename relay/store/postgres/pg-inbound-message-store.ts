import type { Pool } from 'pg';
import type { InboundMessage } from '../../../shared/replies';
import type { MailingReplyCounts } from '../inbound-messages';
import { inTransaction } from './transaction';

/** Rows a listing reads at a time. */
const PAGE = 1000;

interface MessageRow {
  record: InboundMessage;
  read: boolean;
  seq: string;
}

const COLUMNS = 'record, read, seq';

// `read` is the one field that changes once a message is stored: it is kept in its own column.
const messageOf = (row: MessageRow): InboundMessage => ({ ...row.record, read: row.read });

/**
 * Replies (relay/store/inbound-messages.ts) in PostgreSQL: stored once per provider id (also when two relays take
 * the same webhook at once), listed in the order they came, what the embedded store's maps in memory answer asked
 * of indexes; `unreadReplies` and `senders` read a page at a time.
 */
export class PgInboundMessageStore {
  constructor(private readonly pool: Pool) {}

  async get(id: string): Promise<InboundMessage | undefined> {
    const { rows } = await this.pool.query<MessageRow>(`SELECT ${COLUMNS} FROM inbound_messages WHERE id = $1`, [id]);
    return rows[0] ? messageOf(rows[0]) : undefined;
  }

  /** The message a provider's id belongs to, if it was stored. */
  async byProviderMessageId(provider: string, providerMessageId: string): Promise<InboundMessage | undefined> {
    const { rows } = await this.pool.query<MessageRow>(`SELECT ${COLUMNS} FROM inbound_messages WHERE provider = $1 AND provider_message_id = $2`, [
      provider,
      providerMessageId,
    ]);
    return rows[0] ? messageOf(rows[0]) : undefined;
  }

  /** A contact's replies, oldest first: those matched to it when they came, and every one from these numbers. */
  async forContact(crmId: string, numbers: readonly string[] = []): Promise<InboundMessage[]> {
    const { rows } = await this.pool.query<MessageRow>(
      `SELECT ${COLUMNS} FROM inbound_messages WHERE contact_ids @> ARRAY[$1::text] OR from_phone = ANY($2::text[]) ORDER BY seq`,
      [crmId, numbers],
    );
    return rows.map(messageOf);
  }

  /** Replies nobody has read: how many, and whose (`contactsOf`: whose a reply is now; one that is nobody's is not counted). */
  async unreadReplies(contactsOf: (message: InboundMessage) => readonly string[] = (message) => message.contactIds): Promise<{ count: number; contacts: string[] }> {
    const contacts = new Set<string>();
    let count = 0;
    for (let after = '0'; ;) {
      const { rows } = await this.pool.query<MessageRow>(`SELECT ${COLUMNS} FROM inbound_messages WHERE NOT read AND seq > $1 ORDER BY seq LIMIT $2`, [after, PAGE]);
      for (const row of rows) {
        const owners = contactsOf(messageOf(row));
        if (owners.length === 0) continue;
        count++;
        for (const crmId of owners) contacts.add(crmId);
      }
      if (rows.length < PAGE) return { count, contacts: [...contacts] };
      after = rows[rows.length - 1]!.seq;
    }
  }

  /** Every number a reply came from, in the order each first wrote, a page at a time. */
  async *senders(): AsyncGenerator<string> {
    for (let after = '0'; ;) {
      const { rows } = await this.pool.query<{ phone: string; first_seq: string }>(
        'SELECT phone, first_seq FROM inbound_senders WHERE first_seq > $1 ORDER BY first_seq LIMIT $2',
        [after, PAGE],
      );
      for (const row of rows) yield row.phone;
      if (rows.length < PAGE) return;
      after = rows[rows.length - 1]!.first_seq;
    }
  }

  async mailingCounts(mailingId: string): Promise<MailingReplyCounts> {
    const { rows } = await this.pool.query<{ replies: number; opt_outs: number }>(
      `SELECT count(*)::int AS replies, count(DISTINCT from_phone) FILTER (WHERE keyword = 'stop')::int AS opt_outs FROM inbound_messages WHERE mailing_id = $1`,
      [mailingId],
    );
    return { replies: rows[0]!.replies, optOuts: rows[0]!.opt_outs };
  }

  /** Stores the message once per provider id: a second one with the same id changes nothing and gets the first (`created` false). */
  async add(message: InboundMessage): Promise<{ message: InboundMessage; created: boolean }> {
    const created = await inTransaction(this.pool, async (client) => {
      // Another relay storing the same provider id at once: this one waits for it, then stores nothing.
      const { rows } = await client.query<{ seq: string }>(
        `INSERT INTO inbound_messages (id, record, provider, provider_message_id, from_phone, contact_ids, mailing_id, keyword, read)
         VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9) ON CONFLICT (provider, provider_message_id) DO NOTHING RETURNING seq`,
        [
          message.id,
          JSON.stringify(message),
          message.provider,
          message.providerMessageId,
          message.from,
          message.contactIds,
          message.mailingId,
          message.keyword,
          message.read,
        ],
      );
      if (rows.length === 0) return false;
      await client.query('INSERT INTO inbound_senders (phone, first_seq) VALUES ($1, $2) ON CONFLICT (phone) DO NOTHING', [message.from, rows[0]!.seq]);
      return true;
    });
    if (created) return { message, created: true };
    return { message: (await this.byProviderMessageId(message.provider, message.providerMessageId))!, created: false };
  }

  /** Marks these messages read in one statement; says how many were unread. */
  async markRead(ids: readonly string[]): Promise<number> {
    if (ids.length === 0) return 0;
    const { rowCount } = await this.pool.query('UPDATE inbound_messages SET read = true WHERE id = ANY($1::text[]) AND NOT read', [ids]);
    return rowCount ?? 0;
  }
}
