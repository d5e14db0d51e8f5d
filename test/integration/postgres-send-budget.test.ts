import pg from 'pg';
import { afterAll, afterEach, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import { SlidingWindowLimiter } from '../../relay/mailings/rate-limiter';
import { migrate } from '../../relay/store/postgres/migrate';
import { SendBudgetError, takeSendPermits, type SendPermitRequest } from '../../relay/store/postgres/send-budget';
import { worstWindow, type Arrival } from '../support/arrival-windows';
import { postgresGate, startPostgres, type TestPostgres } from '../support/postgres';
import { until } from '../support/wait';

/**
 * The provider's rate limit shared by several relays through one PostgreSQL: a token bucket row per provider
 * account. A real server (see postgres-claims.test.ts for when the suite is skipped).
 */
const { missing, skip } = postgresGate();
if (skip) console.warn(`[postgres] skipped: ${missing}`);

let server: TestPostgres;
let pools: pg.Pool[] = [];
let pool: pg.Pool;
let url: string;

const newPool = (max = 2) => {
  const opened = new pg.Pool({ connectionString: url, max });
  pools.push(opened);
  return opened;
};

const sleep = (ms: number) => new Promise((resolve) => setTimeout(resolve, ms));

/** The bucket's row as stored. */
const budget = async (account: string) =>
  (await pool.query('SELECT rate_per_second, burst, tokens, granted FROM send_budgets WHERE account = $1', [account])).rows[0] as
    { rate_per_second: number; burst: number; tokens: number; granted: number } | undefined;

/** As if the account's latest take was `ms` earlier: time passes for the bucket without the test sleeping. */
const age = (account: string, ms: number) =>
  pool.query(`UPDATE send_budgets SET updated_at = updated_at - $2 * interval '1 millisecond' WHERE account = $1`, [account, ms]);

/** As if the account's bucket had just been emptied. */
const drain = (account: string) => pool.query('UPDATE send_budgets SET tokens = 0, updated_at = clock_timestamp() WHERE account = $1', [account]);

interface Grant extends Arrival {
  relay: number;
}

/**
 * `relays` relays (a Pool each), `loopsPerRelay` send loops in each (as the engine's concurrency), taking permits for
 * `durationMs`: a loop records what it is granted, stamped by the database, and asks again; granted nothing, it waits
 * the time it was told.
 */
async function sendFor(relays: number, loopsPerRelay: number, durationMs: number, request: Omit<SendPermitRequest, 'wanted'>) {
  const grants: Grant[] = [];
  let takes = 0;
  // The slowest take and the longest wait told: where a run that fell short lost its time.
  let slowestTakeMs = 0;
  let longestWaitMs = 0;
  const end = Date.now() + durationMs;
  const loop = async (relay: number, relayPool: pg.Pool) => {
    while (Date.now() < end) {
      const asked = Date.now();
      const permits = await takeSendPermits(relayPool, { ...request, wanted: request.burst });
      takes++;
      slowestTakeMs = Math.max(slowestTakeMs, Date.now() - asked);
      longestWaitMs = Math.max(longestWaitMs, permits.waitMs);
      if (permits.granted > 0) grants.push({ at: permits.at!, count: permits.granted, relay });
      else await sleep(permits.waitMs);
    }
  };
  const relayPools = Array.from({ length: relays }, () => newPool(loopsPerRelay));
  await Promise.all(relayPools.flatMap((relayPool, relay) => Array.from({ length: loopsPerRelay }, () => loop(relay, relayPool))));
  const total = grants.reduce((sum, grant) => sum + grant.count, 0);
  const perRelay = relayPools.map((_, relay) => grants.filter((grant) => grant.relay === relay).reduce((sum, grant) => sum + grant.count, 0));
  return { grants, total, perRelay, takes, slowestTakeMs, longestWaitMs };
}

describe.skipIf(skip)(`send budget on PostgreSQL${skip ? ` (skipped: ${missing})` : ''}`, () => {
  beforeAll(async () => {
    if (missing) throw new Error(`CRM_SMS_REQUIRE_POSTGRES=1, but ${missing}`);
    server = await startPostgres();
  });

  afterAll(async () => {
    await server?.stop();
  });

  beforeEach(async () => {
    url = await server.freshDatabase();
    pool = newPool();
    await migrate(pool);
  });

  afterEach(async () => {
    await Promise.all(pools.map((opened) => opened.end()));
    pools = [];
  });

  // The engine's own figures at 200/s: its batch (burst) is a tenth of a second's worth.
  const rate = 200;
  const burst = new SlidingWindowLimiter(rate).burst;
  const seconds = 3;

  for (const relays of [3, 1]) {
    it(`${relays === 1 ? 'one relay' : `${relays} relays`}, two send loops each, ${seconds} s at ${rate}/s: no second over rate + burst, and some second at ≥ 90 % of the rate`, async () => {
      expect(burst).toBe(20);
      const run = await sendFor(relays, 2, seconds * 1000, { account: 'smsru', ratePerSecond: rate, burst });
      const worst = worstWindow(run.grants, 1000);
      const figures = `busiest 1 s ${worst} (limit ${rate} + burst ${burst}), total ${run.total} in ${seconds} s (${(run.total / seconds).toFixed(1)}/s), per relay ${run.perRelay.join(' / ')}, ${run.takes} takes (slowest ${run.slowestTakeMs} ms, longest wait ${run.longestWaitMs} ms)`;
      console.info(`[postgres] send budget, ${relays} relay(s): ${figures}`);
      expect(worst, figures).toBeLessThanOrEqual(rate + burst);
      // Positive control: the relays wait no longer than they must, so the budget is used, not starved. Asked of the
      // busiest second, not of the whole run, so that a machine that stalls a second (CI's two cores) cannot fail it.
      expect(worst, figures).toBeGreaterThanOrEqual(0.9 * rate);
      for (const share of run.perRelay) expect(share, figures).toBeGreaterThan(0);
      // No grant is larger than a batch, whoever takes it.
      expect(Math.max(...run.grants.map((grant) => grant.count))).toBeLessThanOrEqual(burst);
    });
  }

  // A permit every 10 s: a machine that stalls a second or two between two statements refills nothing worth a permit.
  const slowly = 0.1;

  it('a new account starts with its burst, an idle one holds no more than its burst, and accounts are apart', async () => {
    const request = { account: 'smsru', ratePerSecond: slowly, burst: 5 };
    const first = await takeSendPermits(pool, { ...request, wanted: 100 });
    expect(first).toMatchObject({ granted: 5, waitMs: 0 });
    expect(Math.abs(first.at! - Date.now())).toBeLessThan(60_000);
    const empty = await takeSendPermits(pool, { ...request, wanted: 100 });
    expect(empty.granted).toBe(0);
    // A batch of 5 at a permit per 10 s, from (nearly) empty.
    expect(empty.waitMs).toBeGreaterThan(40_000);
    expect(empty.waitMs).toBeLessThanOrEqual(50_000);

    // Idle for an hour: one burst, and nothing left after it.
    await age('smsru', 3_600_000);
    expect((await takeSendPermits(pool, { ...request, wanted: 100 })).granted).toBe(5);
    expect(await budget('smsru')).toEqual({ rate_per_second: slowly, burst: 5, tokens: 0, granted: 5 });
    expect((await takeSendPermits(pool, { ...request, wanted: 100 })).granted).toBe(0);

    // Another provider account has a bucket of its own; a smaller want takes part of it.
    expect((await takeSendPermits(pool, { account: 'twilio', ratePerSecond: slowly, burst: 3, wanted: 2 })).granted).toBe(2);
    expect((await takeSendPermits(pool, { account: 'twilio', ratePerSecond: slowly, burst: 3, wanted: 10 })).granted).toBe(1);
    expect((await budget('smsru'))!.tokens).toBeLessThan(1);
  });

  it('a changed rate or burst takes effect at the next take', async () => {
    const slow = { account: 'smsru', ratePerSecond: slowly, burst: 10, wanted: 10 };
    expect((await takeSendPermits(pool, slow)).granted).toBe(10);
    expect((await takeSendPermits(pool, slow)).waitMs).toBeGreaterThan(90_000);

    // At 1,000/s the same empty bucket is a batch away by 10 ms, and 100 ms later it is full.
    const fast = { ...slow, ratePerSecond: 1_000 };
    const asked = await takeSendPermits(pool, fast);
    expect(asked.granted).toBe(0);
    expect(asked.waitMs).toBeLessThanOrEqual(10);
    await age('smsru', 100);
    expect((await takeSendPermits(pool, fast)).granted).toBe(10);

    // Back to a permit per 10 s: from empty, a second refills a tenth of a permit, ten seconds refill one.
    await takeSendPermits(pool, slow);
    await drain('smsru');
    await age('smsru', 1_000);
    expect((await takeSendPermits(pool, slow)).granted).toBe(0);
    await age('smsru', 10_000);
    expect((await takeSendPermits(pool, slow)).granted).toBe(1);
    expect(await budget('smsru')).toMatchObject({ rate_per_second: slowly, burst: 10 });

    // A smaller burst caps a full bucket at once.
    await age('smsru', 3_600_000);
    expect((await takeSendPermits(pool, { ...slow, burst: 2 })).granted).toBe(2);
    expect(await budget('smsru')).toMatchObject({ burst: 2, tokens: 0, granted: 2 });
  });

  it('when the bucket is empty it says how long to wait, and after that wait a batch is granted', async () => {
    const request = { account: 'smsru', ratePerSecond: 50, burst: new SlidingWindowLimiter(50).burst, wanted: 5 };
    expect(request.burst).toBe(5);
    // Taken until nothing is left (once, unless the machine stalls between two takes).
    const empty = await until('the bucket to be empty', async () => {
      const permits = await takeSendPermits(pool, request);
      return permits.granted === 0 && permits;
    });
    // Five permits at 50/s: at most 100 ms from empty.
    expect(empty.waitMs).toBeGreaterThan(0);
    expect(empty.waitMs).toBeLessThanOrEqual(100);

    await sleep(empty.waitMs);
    expect(await takeSendPermits(pool, request)).toMatchObject({ granted: 5, waitMs: 0 });
  });

  it("a take that waited on another's row lock never sets the bucket's clock back", async () => {
    const request = { account: 'smsru', ratePerSecond: 10, burst: 20, wanted: 20 };
    await takeSendPermits(pool, request);
    const holder = await pool.connect();
    await holder.query('BEGIN');
    await holder.query('SELECT 1 FROM send_budgets WHERE account = $1 FOR UPDATE', ['smsru']);
    const waiting = takeSendPermits(newPool(1), request);
    const started = await until('the take to wait on the row lock', async () => {
      const { rows } = await pool.query<{ query_start: Date }>(
        `SELECT query_start FROM pg_stat_activity WHERE wait_event_type = 'Lock' AND query LIKE 'INSERT INTO send_budgets%'`,
      );
      return rows[0]?.query_start;
    });
    // Another relay's take, as if the waiting one had waited a second for it: it empties the bucket later than the waiting one read the clock.
    await holder.query(`UPDATE send_budgets SET tokens = 0, updated_at = $2::timestamptz + interval '1 second' WHERE account = $1`, ['smsru', started]);
    await holder.query('COMMIT');
    holder.release();

    const late = await waiting;
    expect(late.granted).toBe(0);
    // Set back to the waiting take's clock, the bucket would refill that second a second time at the next take.
    const { rows } = await pool.query<{ ms: number }>('SELECT (extract(epoch FROM updated_at) * 1000)::double precision AS ms FROM send_budgets');
    expect(rows[0]!.ms).toBeGreaterThanOrEqual(started.getTime() + 1000);
    expect(late.at).toBe(rows[0]!.ms);
  });

  it('refuses, in words, a want of 0, negative, fractional or not a number, and a bad rate, burst or account; 0/s means no limit', async () => {
    const request = { account: 'smsru', ratePerSecond: 10, burst: 5 };
    for (const wanted of [0, -1, 1.5, Number.NaN, Number.POSITIVE_INFINITY]) {
      const taking = takeSendPermits(pool, { ...request, wanted });
      await expect(taking).rejects.toThrow(SendBudgetError);
      await expect(taking).rejects.toThrow(`Cannot take send permits: wanted must be a whole number of messages, at least 1, got ${wanted}`);
    }
    await expect(takeSendPermits(pool, { ...request, wanted: 1, burst: 0 })).rejects.toThrow(
      /burst must be a whole number of messages, at least 1 and at most 2147483647, got 0/,
    );
    await expect(takeSendPermits(pool, { ...request, wanted: 1, burst: 2 ** 31 })).rejects.toThrow(/burst must be .* got 2147483648/);
    await expect(takeSendPermits(pool, { ...request, wanted: 1, ratePerSecond: -5 })).rejects.toThrow(/ratePerSecond must be a number of messages per second, 0 or more/);
    await expect(takeSendPermits(pool, { ...request, wanted: 1, ratePerSecond: Number.NaN })).rejects.toThrow(/ratePerSecond .* got NaN/);
    await expect(takeSendPermits(pool, { ...request, wanted: 1, account: ' ' })).rejects.toThrow(/account must name the provider account/);
    expect(await budget('smsru')).toBeUndefined();

    // As MAILING_RATE_PER_SECOND=0: everything wanted, without asking the database.
    expect(await takeSendPermits(pool, { ...request, ratePerSecond: 0, wanted: 1_000_000 })).toEqual({ granted: 1_000_000, waitMs: 0, at: null });
    expect(await budget('smsru')).toBeUndefined();
  });
});
