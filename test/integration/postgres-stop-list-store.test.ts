import { describe, expect, it } from 'vitest';
import { PgStopListStore } from '../../relay/store/postgres/pg-stop-list-store';
import { describeStopListStore, stopEntry } from '../contract/stop-list-store.contract';
import { postgresContractGate, postgresPools } from './postgres-store-harness';

const { skip, title } = postgresContractGate();

describe.skipIf(skip)(`PostgreSQL${title}`, () => {
  const { freshPool } = postgresPools();
  describeStopListStore('PostgreSQL', {
    async open() {
      const pool = await freshPool();
      const store = new PgStopListStore(pool);
      return { store, again: async () => new PgStopListStore(pool) };
    },
  });

  it('a change of many numbers that fails in its last part leaves the list as it was', async () => {
    const pool = await freshPool();
    const store = new PgStopListStore(pool);
    await store.add(stopEntry(0));
    // PostgreSQL's text cannot hold a NUL: the 2,500th number is refused, after two parts were written.
    const many = [...Array.from({ length: 2_499 }, (_, i) => stopEntry(i + 1)), stopEntry(1, { phone: '7912\u0000' })];
    await expect(store.addMany(many)).rejects.toThrow();
    expect(await store.size()).toBe(1);
    expect((await pool.query('SELECT count(*)::int AS n FROM stop_list_events')).rows[0].n).toBe(1);
  });

  it('two relays putting the same numbers on the list at once: each number is added once', async () => {
    const pool = await freshPool();
    const [one, two] = [new PgStopListStore(pool), new PgStopListStore(pool)];
    const entries = Array.from({ length: 300 }, (_, i) => stopEntry(i));
    const [a, b] = await Promise.all([one.addMany(entries), two.addMany([...entries].reverse())]);
    expect(a.length + b.length).toBe(300);
    expect((await pool.query('SELECT count(*)::int AS n FROM stop_list_events')).rows[0].n).toBe(300);
  });

  it('its history is append-only: the database refuses to rewrite an event', async () => {
    const pool = await freshPool();
    await new PgStopListStore(pool).add(stopEntry(1));
    await expect(pool.query('UPDATE stop_list_events SET event = $1', ['{}'])).rejects.toThrow(/append-only/);
    await expect(pool.query('DELETE FROM stop_list_events')).rejects.toThrow(/append-only/);
  });
});
