import { describe, expect, it } from 'vitest';
import { PgConsentStore } from '../../relay/store/postgres/pg-consent-store';
import { consent, describeConsentStore } from '../contract/consent-store.contract';
import { postgresContractGate, postgresPools } from './postgres-store-harness';

const { skip, title } = postgresContractGate();

describe.skipIf(skip)(`PostgreSQL${title}`, () => {
  const { freshPool } = postgresPools();
  describeConsentStore('PostgreSQL', {
    async open() {
      const pool = await freshPool();
      return { store: new PgConsentStore(pool), again: async () => new PgConsentStore(pool) };
    },
  });

  it('an append one record of which is refused stores none of them', async () => {
    const pool = await freshPool();
    const store = new PgConsentStore(pool);
    // PostgreSQL's text cannot hold a NUL.
    await expect(store.append([consent('a', true, 1), consent('b\u0000', true, 1)])).rejects.toThrow();
    expect(await store.history('a')).toEqual([]);
  });

  it('is append-only: the database refuses to rewrite or delete a record', async () => {
    const pool = await freshPool();
    await new PgConsentStore(pool).append([consent('a', true, 1)]);
    await expect(pool.query('UPDATE consents SET granted = false')).rejects.toThrow(/append-only/);
    await expect(pool.query('DELETE FROM consents')).rejects.toThrow(/append-only/);
  });
});
