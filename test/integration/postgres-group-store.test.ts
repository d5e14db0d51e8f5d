import { describe, expect, it } from 'vitest';
import { PgGroupStore } from '../../relay/store/postgres/pg-group-store';
import { describeGroupStore, staticGroup } from '../contract/group-store.contract';
import { postgresContractGate, postgresPools } from './postgres-store-harness';

const { skip, title } = postgresContractGate();

describe.skipIf(skip)(`PostgreSQL${title}`, () => {
  const { freshPool } = postgresPools();
  describeGroupStore('PostgreSQL', {
    async open() {
      const pool = await freshPool();
      return { store: new PgGroupStore(pool), again: async () => new PgGroupStore(pool) };
    },
  });

  it('a write by one relay changes what every relay counts', async () => {
    const pool = await freshPool();
    const [one, two] = [new PgGroupStore(pool), new PgGroupStore(pool)];
    const before = await two.changes();
    await one.put(staticGroup('g'));
    expect(await two.changes()).toBe(before + 1);
    expect(await two.get('g')).toEqual(staticGroup('g'));
  });
});
