import type { Pool } from 'pg';

/** What one relay asks of the provider account's budget before it sends a batch. */
export interface SendPermitRequest {
  /** The provider account whose limit this is, e.g. the provider's id: every relay sending through it names it alike. */
  account: string;
  /** The provider's limit, as MAILING_RATE_PER_SECOND (mailing.ratePerSecond) says it; 0: no limit. */
  ratePerSecond: number;
  /** The most permits taken at once after a pause: the engine's batch (SlidingWindowLimiter's `burst`). */
  burst: number;
  /** Messages this relay has ready to send. */
  wanted: number;
}

export interface SendPermits {
  /** How many of `wanted` may go to the provider now (0..wanted). */
  granted: number;
  /** When nothing was granted: ms until a batch (min(wanted, burst)) has refilled, to wait before asking again; else 0. */
  waitMs: number;
  /** When the grant was taken, by the database's clock (ms since the epoch, to the microsecond); null when there is no limit. */
  at: number | null;
}

/** A request the budget cannot answer: what is wrong with it, in words. */
export class SendBudgetError extends Error {
  override name = 'SendBudgetError';
}

/**
 * The bucket after refilling for the time since its last take, at the rate it had then, up to the burst asked now.
 * `excluded.updated_at` is this statement's clock_timestamp(), read once; a take that waited on the row lock read it
 * before a take that went first, hence greatest(0, …): it gets no refill for its wait, and the bucket's time never runs back.
 */
const REFILLED = `least(excluded.burst, b.tokens + b.rate_per_second * greatest(0, extract(epoch FROM excluded.updated_at - b.updated_at)::double precision))`;
/** Whole permits of the refilled bucket, up to the wanted ($4); the slack lets a bucket refilled for exactly the computed wait count as full. */
const GRANTED = `least($4::integer, floor(${REFILLED} + 1e-9))`;

// One statement: the row is locked from the refill to the commit, so takes by several relays at once are counted one
// after the other, and nothing is held between calls. A new account is inserted with its burst, minus what it grants.
const TAKE = `INSERT INTO send_budgets AS b (account, rate_per_second, burst, tokens, granted, updated_at)
  VALUES ($1::text, $2::double precision, $3::integer, $3::integer - $4::integer, $4::integer, clock_timestamp())
  ON CONFLICT (account) DO UPDATE SET
    rate_per_second = excluded.rate_per_second,
    burst = excluded.burst,
    tokens = greatest(0, ${REFILLED} - ${GRANTED}),
    granted = ${GRANTED},
    updated_at = greatest(b.updated_at, excluded.updated_at)
  RETURNING granted, tokens, rate_per_second, (extract(epoch FROM updated_at) * 1000)::double precision AS at_ms`;

/** The burst column is a PostgreSQL integer. */
const MAX_BURST = 2 ** 31 - 1;

function refuse(request: SendPermitRequest): string | null {
  const { account, ratePerSecond, burst, wanted } = request;
  if (typeof account !== 'string' || account.trim() === '') return `account must name the provider account, got ${JSON.stringify(account)}`;
  if (!Number.isFinite(ratePerSecond) || ratePerSecond < 0) return `ratePerSecond must be a number of messages per second, 0 or more (0: no limit), got ${ratePerSecond}`;
  if (!Number.isSafeInteger(burst) || burst < 1 || burst > MAX_BURST)
    return `burst must be a whole number of messages, at least 1 and at most ${MAX_BURST}, got ${burst}`;
  if (!Number.isSafeInteger(wanted) || wanted < 1) return `wanted must be a whole number of messages, at least 1, got ${wanted}`;
  return null;
}

/**
 * Takes up to `wanted` permits to send through a provider account, from a token bucket that every relay on this
 * database shares: together they send no more than `ratePerSecond` × seconds + `burst` in any stretch of time.
 * A relay sends what is granted, or waits `waitMs` and asks again.
 */
export async function takeSendPermits(pool: Pool, request: SendPermitRequest): Promise<SendPermits> {
  const wrong = refuse(request);
  if (wrong) throw new SendBudgetError(`Cannot take send permits: ${wrong}`);
  const { account, ratePerSecond, burst, wanted } = request;
  if (ratePerSecond === 0) return { granted: wanted, waitMs: 0, at: null };
  // No grant exceeds the burst: asking for more only risks overflowing an integer.
  const asked = Math.min(wanted, burst);
  const { rows } = await pool.query<{ granted: number; tokens: number; rate_per_second: number; at_ms: number }>(TAKE, [account, ratePerSecond, burst, asked]);
  const row = rows[0]!;
  const waitMs = row.granted > 0 ? 0 : Math.max(1, Math.ceil(((asked - row.tokens) / row.rate_per_second) * 1000));
  return { granted: row.granted, waitMs, at: row.at_ms };
}
