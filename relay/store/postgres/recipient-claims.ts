import type { Pool } from 'pg';
import type { RecipientState } from '../../../shared/mailings';
import type { StoredRecipient } from '../mailing-storage';
import { RECIPIENT_COLUMNS, storedRecipient, type RecipientRow } from './recipient-rows';

/** A recipient one relay may now hand to the provider, and the token its outcome must show. */
export interface ClaimedRecipient extends StoredRecipient {
  mailingId: string;
  /** The fencing token of this claim (a bigint, as text): an outcome is written only while it is the row's. */
  fence: string;
  /** Until when the claim holds (ms); after it, the recipient is turned unknown by `expireLeases`. */
  leaseUntil: number;
}

export type Claim = Pick<ClaimedRecipient, 'mailingId' | 'index' | 'fence'>;

export interface ClaimRequest {
  mailingId: string;
  /** Which relay claims, e.g. its host and pid: shown on the rows it holds. */
  owner: string;
  limit: number;
  leaseMs: number;
}

/** What became of a claimed recipient at the provider. */
export interface ClaimOutcome {
  state: Extract<RecipientState, 'sent' | 'failed' | 'unknown'>;
  providerMessageId?: string;
  cost?: number;
  error?: string;
}

export interface ExpiredLease {
  mailingId: string;
  index: number;
  owner: string;
}

/**
 * The next `limit` queued recipients of the mailing, made "sending" under this owner's lease, each with a
 * new fencing token — in one statement, committed when it returns, so before anything is sent. Rows other
 * relays are claiming at the same moment are skipped, not waited for: each recipient goes to one claim.
 */
export async function claimRecipients(pool: Pool, request: ClaimRequest): Promise<ClaimedRecipient[]> {
  const { rows } = await pool.query<RecipientRow & { lease_until: Date; fence: string }>(
    // The pick is a CTE, evaluated once: as `idx IN (SELECT … LIMIT n FOR UPDATE SKIP LOCKED)` the planner may
    // rescan it once per row of a nested loop, and each rescan skips the rows this statement just took and picks
    // others — more than `limit` claimed (seen on a small table).
    `WITH picked AS MATERIALIZED (
        SELECT idx AS picked_idx FROM mailing_recipients WHERE mailing_id = $1 AND state = 'queued' ORDER BY idx LIMIT $3 FOR UPDATE SKIP LOCKED)
     UPDATE mailing_recipients r
        SET state = 'sending', lease_owner = $2, lease_until = now() + $4 * interval '1 millisecond', fence = nextval('recipient_fence'),
            attempts = attempts + 1, updated_at = now(), handed_over_at = now()
       FROM picked
      WHERE r.mailing_id = $1 AND r.idx = picked.picked_idx
      RETURNING ${RECIPIENT_COLUMNS}, lease_until, fence`,
    [request.mailingId, request.owner, request.limit, request.leaseMs],
  );
  return rows
    .map((row) => ({ ...storedRecipient(row), mailingId: request.mailingId, fence: row.fence, leaseUntil: row.lease_until.getTime() }))
    .sort((a, b) => a.index - b.index);
}

/**
 * Writes the outcomes of claims, in one statement, each only if its claim still holds: the row is still
 * "sending" under the same fencing token. A claim whose lease expired (the row is unknown now) or that
 * was claimed again since is refused: whether that message went is then the provider's to answer, never
 * a late relay's. Returns, for each outcome in order, whether it was written.
 */
export async function recordOutcomes(pool: Pool, outcomes: readonly { claim: Claim; outcome: ClaimOutcome }[]): Promise<boolean[]> {
  if (outcomes.length === 0) return [];
  const { rows } = await pool.query<{ mailing_id: string; idx: number }>(
    `UPDATE mailing_recipients r
        SET state = o.state, provider_message_id = o.provider_message_id, cost = o.cost, error = o.error,
            updated_at = now(), lease_until = NULL
       FROM unnest($1::text[], $2::int[], $3::bigint[], $4::text[], $5::text[], $6::numeric[], $7::text[])
         AS o (mailing_id, idx, fence, state, provider_message_id, cost, error)
      WHERE r.mailing_id = o.mailing_id AND r.idx = o.idx AND r.fence = o.fence AND r.state = 'sending'
      RETURNING r.mailing_id, r.idx`,
    [
      outcomes.map(({ claim }) => claim.mailingId),
      outcomes.map(({ claim }) => claim.index),
      outcomes.map(({ claim }) => claim.fence),
      outcomes.map(({ outcome }) => outcome.state),
      outcomes.map(({ outcome }) => outcome.providerMessageId ?? null),
      outcomes.map(({ outcome }) => outcome.cost ?? null),
      outcomes.map(({ outcome }) => outcome.error ?? null),
    ],
  );
  const written = new Set(rows.map((row) => `${row.idx}\u0000${row.mailing_id}`));
  return outcomes.map(({ claim }) => written.has(`${claim.index}\u0000${claim.mailingId}`));
}

/** One claim's outcome; whether it was written (see recordOutcomes). */
export async function recordOutcome(pool: Pool, claim: Claim, outcome: ClaimOutcome): Promise<boolean> {
  const [written] = await recordOutcomes(pool, [{ claim, outcome }]);
  return written === true;
}

/**
 * Recipients still "sending" whose lease has passed (by the database's clock, which set it, unless `now`
 * is given) become unknown: their relay died or lost the database mid-send, and a message that may have
 * gone is never queued again blind. Returns them, to be resolved by asking the provider.
 */
export async function expireLeases(pool: Pool, now?: Date): Promise<ExpiredLease[]> {
  const { rows } = await pool.query<{ mailing_id: string; idx: number; lease_owner: string }>(
    `UPDATE mailing_recipients
        SET state = 'unknown', updated_at = coalesce($1, now()), lease_until = NULL,
            error = 'the lease of relay ' || lease_owner || ' passed before it reported an outcome'
      WHERE state = 'sending' AND lease_until <= coalesce($1, now())
      RETURNING mailing_id, idx, lease_owner`,
    [now ?? null],
  );
  return rows
    .map((row) => ({ mailingId: row.mailing_id, index: row.idx, owner: row.lease_owner }))
    .sort((a, b) => a.mailingId.localeCompare(b.mailingId) || a.index - b.index);
}
