import { describe, expect, it } from 'vitest';
import { PgAuditLog } from '../../relay/store/postgres/pg-audit-log';
import { beginning, describeAuditLog } from '../contract/audit-log.contract';
import { postgresContractGate, postgresPools } from './postgres-store-harness';

const { skip, title } = postgresContractGate();

describe.skipIf(skip)(`PostgreSQL${title}`, () => {
  const { freshPool } = postgresPools();
  describeAuditLog('PostgreSQL', {
    async open() {
      const pool = await freshPool();
      return { log: new PgAuditLog(pool), another: async () => new PgAuditLog(pool) };
    },
  });

  it('relays beginning entries at once take the numbers 1 … n, each once, with no gap', async () => {
    const pool = await freshPool();
    const relays = [new PgAuditLog(pool), new PgAuditLog(pool), new PgAuditLog(pool)];
    const numbers = await Promise.all(Array.from({ length: 60 }, (_, k) => relays[k % 3]!.begin(beginning(k))));
    expect([...numbers].sort((a, b) => a - b)).toEqual(Array.from({ length: 60 }, (_, i) => i + 1));
    expect(await relays[0]!.size()).toBe(60);
  });

  it('a whole entry whose outcome is refused leaves no entry and no number used', async () => {
    const pool = await freshPool();
    const log = new PgAuditLog(pool);
    // A database that refuses the outcome, after the beginning was written in the same transaction.
    await pool.query(`CREATE FUNCTION refuse_outcome() RETURNS trigger LANGUAGE plpgsql AS $$ BEGIN RAISE EXCEPTION 'no room'; END $$`);
    await pool.query('CREATE TRIGGER refuse_outcome BEFORE INSERT ON audit_outcomes FOR EACH ROW EXECUTE FUNCTION refuse_outcome()');
    await expect(log.record({ ...beginning(1), status: 200, details: {} })).rejects.toThrow(/no room/);
    await pool.query('DROP TRIGGER refuse_outcome ON audit_outcomes');
    expect(await log.size()).toBe(0);
    expect(await log.begin(beginning(2))).toBe(1);
  });

  it('is append-only: the database refuses to rewrite or delete an entry or an outcome', async () => {
    const pool = await freshPool();
    const log = new PgAuditLog(pool);
    await log.record({ ...beginning(1), status: 200, details: {} });
    await expect(pool.query('UPDATE audit_entries SET n = 5')).rejects.toThrow(/append-only/);
    await expect(pool.query('DELETE FROM audit_outcomes')).rejects.toThrow(/append-only/);
  });
});
