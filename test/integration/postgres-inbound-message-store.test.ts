import { describe, expect, it } from 'vitest';
import { PgInboundMessageStore } from '../../relay/store/postgres/pg-inbound-message-store';
import { describeInboundMessageStore, reply } from '../contract/inbound-message-store.contract';
import { postgresContractGate, postgresPools } from './postgres-store-harness';

const { skip, title } = postgresContractGate();

describe.skipIf(skip)(`PostgreSQL${title}`, () => {
  const { freshPool } = postgresPools();
  describeInboundMessageStore('PostgreSQL', {
    async open() {
      const pool = await freshPool();
      return { store: new PgInboundMessageStore(pool), again: async () => new PgInboundMessageStore(pool) };
    },
  });

  it('two relays taking the same webhooks at once store each once', async () => {
    const pool = await freshPool();
    const [one, two] = [new PgInboundMessageStore(pool), new PgInboundMessageStore(pool)];
    const replies = Array.from({ length: 40 }, (_, i) => reply(`r${i}`, { from: `7900000${String(i % 7).padStart(4, '0')}` }));
    const results = await Promise.all(replies.flatMap((r) => [one.add(r), two.add({ ...r, id: `${r.id}-b` })]));
    expect(results.filter((r) => r.created)).toHaveLength(40);
    expect((await pool.query('SELECT count(*)::int AS n FROM inbound_messages')).rows[0].n).toBe(40);
    expect((await pool.query('SELECT count(*)::int AS n FROM inbound_senders')).rows[0].n).toBe(7);
  });

  it('pages through many unread replies and senders', async () => {
    const pool = await freshPool();
    const store = new PgInboundMessageStore(pool);
    for (let i = 0; i < 2_100; i++) await store.add(reply(`r${i}`, { from: `79${String(i).padStart(9, '0')}`, contactIds: [`c${i % 3}`] }));
    expect(await store.unreadReplies()).toEqual({ count: 2_100, contacts: ['c0', 'c1', 'c2'] });
    let n = 0;
    for await (const phone of store.senders()) expect(phone).toBe(`79${String(n++).padStart(9, '0')}`);
    expect(n).toBe(2_100);
  });
});
