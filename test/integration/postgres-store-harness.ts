import pg from 'pg';
import { afterAll, afterEach, beforeAll } from 'vitest';
import { migrate } from '../../relay/store/postgres/migrate';
import { postgresGate, startPostgres, type TestPostgres } from '../support/postgres';

/** Whether this file's PostgreSQL contract suite runs (postgresGate), and the words for its title when it does not. */
export function postgresContractGate(): { skip: boolean; title: string } {
  const { missing, skip } = postgresGate();
  if (skip) console.warn(`[postgres] skipped: ${missing}`);
  return { skip, title: skip ? ` (skipped: ${missing})` : '' };
}

/**
 * One throwaway server for the test file; `freshPool()` gives a migrated database of its own (a test's data never
 * meets another's). Pools and the server are closed after the file. Call at the top of a describe.skipIf(skip) block.
 */
export function postgresPools(): { freshPool(): Promise<pg.Pool> } {
  const { missing } = postgresGate();
  let server: TestPostgres | undefined;
  const pools: pg.Pool[] = [];
  beforeAll(async () => {
    if (missing) throw new Error(`CRM_SMS_REQUIRE_POSTGRES=1, but ${missing}`);
    server = await startPostgres();
  });
  afterEach(async () => {
    await Promise.all(pools.splice(0).map((pool) => pool.end()));
  });
  afterAll(async () => {
    await server?.stop();
  });
  return {
    async freshPool() {
      const pool = new pg.Pool({ connectionString: await server!.freshDatabase(), max: 4 });
      pools.push(pool);
      await migrate(pool);
      return pool;
    },
  };
}
