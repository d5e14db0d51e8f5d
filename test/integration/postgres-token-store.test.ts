import { describe, expect, it } from 'vitest';
import { PgTokenStore } from '../../relay/store/postgres/pg-token-store';
import { describeTokenStore } from '../contract/token-store.contract';
import { postgresContractGate, postgresPools } from './postgres-store-harness';

const { skip, title } = postgresContractGate();

describe.skipIf(skip)(`PostgreSQL${title}`, () => {
  const { freshPool } = postgresPools();
  describeTokenStore('PostgreSQL', {
    async open() {
      const pool = await freshPool();
      return { store: new PgTokenStore(pool), another: async () => new PgTokenStore(pool) };
    },
  });

  it('the database holds the hash of a token, never the token', async () => {
    const pool = await freshPool();
    const { token } = await new PgTokenStore(pool).create('anna', 'admin', new Date());
    const { rows } = await pool.query<{ row: string }>('SELECT row_to_json(tokens)::text AS row FROM tokens');
    expect(rows).toHaveLength(1);
    expect(rows[0]!.row).not.toContain(token.slice('crmsms_'.length));
  });
});
