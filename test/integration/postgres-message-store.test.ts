import { describe, expect, it } from 'vitest';
import { FINAL_STATUSES } from '../../shared/status';
import { PgMessageStore } from '../../relay/store/postgres/pg-message-store';
import { cardMessage, describeMessageStore } from '../contract/message-store.contract';
import { postgresContractGate, postgresPools } from './postgres-store-harness';

const { skip, title } = postgresContractGate();
const sleep = (ms: number) => new Promise((resolve) => setTimeout(resolve, ms));

describe.skipIf(skip)(`PostgreSQL${title}`, () => {
  const { freshPool } = postgresPools();
  describeMessageStore('PostgreSQL', {
    async open() {
      const pool = await freshPool();
      return { store: new PgMessageStore(pool), again: async () => new PgMessageStore(pool) };
    },
  });

  it('pending() and its index name the final statuses as shared/status.ts does', () => {
    expect([...FINAL_STATUSES].sort()).toEqual(['delivered', 'failed']);
  });

  it('an update one message of which is refused changes none of them', async () => {
    const pool = await freshPool();
    const store = new PgMessageStore(pool);
    await store.insert(cardMessage('a'));
    await store.insert(cardMessage('b'));
    // PostgreSQL's text cannot hold a NUL: b's new provider id is refused, after a was written.
    await expect(
      store.update([
        { id: 'a', patch: { status: 'queued' } },
        { id: 'b', patch: { providerMessageId: 'p\u0000' } },
      ]),
    ).rejects.toThrow();
    expect(await store.get('a')).toEqual(cardMessage('a'));
  });

  it('two relays patching one message at once: neither patch is lost', async () => {
    const pool = await freshPool();
    const [one, two] = [new PgMessageStore(pool), new PgMessageStore(pool)];
    await one.insert(cardMessage('a'));
    // Someone holds the row: both updates start, read what they read and wait; then it is let go.
    const holder = await pool.connect();
    await holder.query('BEGIN');
    await holder.query("SELECT 1 FROM messages WHERE id = 'a' FOR UPDATE");
    const both = Promise.all([one.update([{ id: 'a', patch: { status: 'delivered' } }]), two.update([{ id: 'a', patch: { cost: 2, currency: 'RUB' } }])]);
    // Asked outside the holder's transaction, which would see one snapshot of the activity.
    const waiting = async () =>
      (await pool.query<{ n: number }>("SELECT count(*)::int AS n FROM pg_stat_activity WHERE datname = current_database() AND wait_event_type = 'Lock'")).rows[0]!.n;
    try {
      for (const deadline = Date.now() + 5_000; (await waiting()) < 2; await sleep(10))
        if (Date.now() > deadline) throw new Error('the updates did not wait for the row');
    } finally {
      await holder.query('COMMIT');
      holder.release();
    }
    await both;
    expect(await one.get('a')).toMatchObject({ status: 'delivered', cost: 2, currency: 'RUB' });
  });

  it('two relays updating the same messages in opposite orders both finish', async () => {
    const pool = await freshPool();
    const [one, two] = [new PgMessageStore(pool), new PgMessageStore(pool)];
    const names = Array.from({ length: 50 }, (_, i) => `m${i}`);
    for (const id of names) await one.insert(cardMessage(id));
    await Promise.all([
      one.update(names.map((id) => ({ id, patch: { status: 'queued' as const } }))),
      two.update([...names].reverse().map((id) => ({ id, patch: { cost: 1 } }))),
    ]);
    for (const id of names) expect(await one.get(id)).toMatchObject({ status: 'queued', cost: 1 });
  });
});
