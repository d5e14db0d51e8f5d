import pg from 'pg';
import { afterAll, afterEach, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import type { FrozenRecipient } from '../../relay/store/mailing-storage';
import { insertAudience } from '../../relay/store/postgres/frozen-audience';
import { migrate } from '../../relay/store/postgres/migrate';
import { claimRecipients, expireLeases, recordOutcome, recordOutcomes, type ClaimedRecipient } from '../../relay/store/postgres/recipient-claims';
import { postgresGate, startPostgres, type TestPostgres } from '../support/postgres';
import { until } from '../support/wait';

/**
 * Several relays sending one mailing from one PostgreSQL: each recipient claimed once, a claim's outcome
 * written only while the claim holds, a dead relay's claims ending unknown. A real server (a throwaway
 * cluster, or TEST_DATABASE_URL's); without one the suite is skipped, unless CRM_SMS_REQUIRE_POSTGRES=1 (CI).
 */
const { missing, skip } = postgresGate();
if (skip) console.warn(`[postgres] skipped: ${missing}`);

let server: TestPostgres;
let pools: pg.Pool[] = [];
/** A pool on this test's own database (a fresh one per test, migrated). */
let pool: pg.Pool;
let url: string;

const newPool = (max = 4) => {
  const opened = new pg.Pool({ connectionString: url, max });
  pools.push(opened);
  return opened;
};

function audience(size: number, skipEvery = 0): FrozenRecipient[] {
  return Array.from({ length: size }, (_, i) => {
    const skipped = skipEvery > 0 && i % skipEvery === 0;
    return {
      contactId: `demo:crm.example:${i}`,
      name: `Контакт ${i}`,
      phone: skipped ? null : `7912${String(i).padStart(7, '0')}`,
      country: skipped ? null : 'RU',
      text: skipped ? null : `Здравствуйте, Контакт ${i}!`,
      parts: skipped ? 0 : 1,
      skip: skipped ? 'no_phone' : null,
    };
  });
}

async function newMailing(id: string, recipients: FrozenRecipient[]): Promise<void> {
  await pool.query(`INSERT INTO mailings (id, status, record) VALUES ($1, 'running', $2)`, [id, { id, name: id }]);
  await insertAudience(pool, id, recipients);
}

const states = async (mailingId: string) =>
  (
    await pool.query<{ idx: number; state: string; provider_message_id: string | null; lease_owner: string | null }>(
      'SELECT idx, state, provider_message_id, lease_owner FROM mailing_recipients WHERE mailing_id = $1 ORDER BY idx',
      [mailingId],
    )
  ).rows;

describe.skipIf(skip)(`recipient claims on PostgreSQL${skip ? ` (skipped: ${missing})` : ''}`, () => {
  beforeAll(async () => {
    if (missing) throw new Error(`CRM_SMS_REQUIRE_POSTGRES=1, but ${missing}`);
    server = await startPostgres();
    console.info(`[postgres] initdb ${server.timings.initMs} ms, server accepting connections ${server.timings.startMs} ms later`);
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

  it('three relays, two claimers each, over a 5,000-recipient audience: every queued recipient is claimed exactly once', async () => {
    const recipients = audience(5_000, 100);
    await newMailing('m1', recipients);
    const relays = ['relay-a', 'relay-b', 'relay-c'].map((owner) => ({ owner, pool: newPool(2), claimed: [] as ClaimedRecipient[], refused: 0 }));

    const sendAll = async (relay: (typeof relays)[number]) => {
      for (;;) {
        const batch = await claimRecipients(relay.pool, { mailingId: 'm1', owner: relay.owner, limit: 25, leaseMs: 60_000 });
        if (batch.length === 0) return;
        relay.claimed.push(...batch);
        const written = await recordOutcomes(
          relay.pool,
          batch.map((claim) => ({ claim, outcome: { state: 'sent' as const, providerMessageId: `${relay.owner}:${claim.index}`, cost: 1.25 } })),
        );
        relay.refused += written.filter((ok) => !ok).length;
      }
    };
    await Promise.all(relays.flatMap((relay) => [sendAll(relay), sendAll(relay)]));

    const claimed = relays.flatMap((relay) => relay.claimed.map((claim) => claim.index)).sort((a, b) => a - b);
    const queued = recipients.flatMap((recipient, i) => (recipient.skip ? [] : [i]));
    expect(claimed.length - new Set(claimed).size, 'recipients claimed twice').toBe(0);
    expect(claimed).toEqual(queued);
    for (const relay of relays) expect(relay.claimed.length, `${relay.owner} claimed none`).toBeGreaterThan(0);
    expect(relays.map((relay) => relay.refused)).toEqual([0, 0, 0]);
    const fences = relays.flatMap((relay) => relay.claimed.map((claim) => claim.fence));
    expect(new Set(fences).size).toBe(fences.length);

    const rows = await states('m1');
    expect(rows.filter((row) => row.state === 'sent').length).toBe(queued.length);
    expect(rows.filter((row) => row.state === 'skipped').length).toBe(recipients.length - queued.length);
    // Each row holds the outcome of the relay that claimed it.
    const owner = new Map(relays.flatMap((relay) => relay.claimed.map((claim) => [claim.index, relay.owner] as const)));
    expect(rows.filter((row) => row.state === 'sent' && row.provider_message_id !== `${owner.get(row.idx)}:${row.idx}`)).toEqual([]);
    console.info(`[postgres] claims per relay: ${relays.map((relay) => `${relay.owner} ${relay.claimed.length}`).join(', ')}`);
  });

  it('a claim takes at most its limit, in order: the frozen recipients, "sending", with an attempt, a lease and a fencing token', async () => {
    await newMailing('m1', audience(3));
    const before = Date.now();
    const [first, ...rest] = await claimRecipients(pool, { mailingId: 'm1', owner: 'relay-a', limit: 2, leaseMs: 30_000 });
    expect(rest.map((claim) => claim.index)).toEqual([1]);
    expect(first).toMatchObject({
      mailingId: 'm1',
      index: 0,
      contactId: 'demo:crm.example:0',
      name: 'Контакт 0',
      phone: '79120000000',
      text: 'Здравствуйте, Контакт 0!',
      parts: 1,
      skip: null,
      state: 'sending',
      attempts: 1,
      providerMessageId: null,
    });
    expect(first!.fence).toMatch(/^\d+$/);
    expect(first!.handedOverAt).toBeGreaterThanOrEqual(before - 1_000);
    expect(first!.leaseUntil - first!.handedOverAt!).toBe(30_000);
    expect((await states('m1')).map((row) => [row.state, row.lease_owner])).toEqual([
      ['sending', 'relay-a'],
      ['sending', 'relay-a'],
      ['queued', null],
    ]);
  });

  it("an old claim's late outcome is refused once its lease expired (the recipient is unknown) or it was claimed again", async () => {
    await newMailing('m1', audience(2));
    const [stale] = await claimRecipients(pool, { mailingId: 'm1', owner: 'relay-dead', limit: 1, leaseMs: 1_000 });
    expect(await expireLeases(pool, new Date(Date.now() + 60_000))).toEqual([{ mailingId: 'm1', index: 0, owner: 'relay-dead' }]);

    // The relay comes back after its lease and reports: refused, the recipient stays unknown, to be asked about.
    expect(await recordOutcome(pool, stale!, { state: 'sent', providerMessageId: 'late-1', cost: 2 })).toBe(false);
    expect(await recordOutcome(pool, stale!, { state: 'failed', error: 'late' })).toBe(false);
    expect((await states('m1'))[0]).toMatchObject({ state: 'unknown', provider_message_id: null });

    // A person sends the unknown one again: a new claim, a new token; the old claim still cannot write.
    await pool.query(`UPDATE mailing_recipients SET state = 'queued' WHERE mailing_id = 'm1' AND idx = 0`);
    const [again] = await claimRecipients(pool, { mailingId: 'm1', owner: 'relay-b', limit: 1, leaseMs: 60_000 });
    expect(again!.index).toBe(0);
    expect(BigInt(again!.fence)).toBeGreaterThan(BigInt(stale!.fence));
    expect(await recordOutcome(pool, stale!, { state: 'sent', providerMessageId: 'late-2' })).toBe(false);
    expect((await states('m1'))[0]).toMatchObject({ state: 'sending', lease_owner: 'relay-b', provider_message_id: null });

    expect(await recordOutcome(pool, again!, { state: 'sent', providerMessageId: 'b-1', cost: 1.5 })).toBe(true);
    // An outcome is written once: the same claim cannot overwrite it.
    expect(await recordOutcome(pool, again!, { state: 'failed', error: 'second report' })).toBe(false);
    const [row] = (await pool.query('SELECT state, provider_message_id, cost, error, attempts FROM mailing_recipients WHERE idx = 0')).rows;
    expect(row).toEqual({ state: 'sent', provider_message_id: 'b-1', cost: '1.5', error: null, attempts: 2 });
  });

  it('writes many outcomes in one statement, each only where its claim holds, and says which', async () => {
    await newMailing('m1', audience(4));
    const claims = await claimRecipients(pool, { mailingId: 'm1', owner: 'relay-a', limit: 4, leaseMs: 60_000 });
    const forged = { ...claims[1]!, fence: String(BigInt(claims[1]!.fence) + 1_000n) };
    const written = await recordOutcomes(pool, [
      { claim: claims[0]!, outcome: { state: 'sent', providerMessageId: 'p0' } },
      { claim: forged, outcome: { state: 'sent', providerMessageId: 'forged' } },
      { claim: claims[2]!, outcome: { state: 'failed', error: 'invalid number' } },
      { claim: { ...claims[3]!, mailingId: 'another' }, outcome: { state: 'sent' } },
    ]);
    expect(written).toEqual([true, false, true, false]);
    expect((await states('m1')).map((row) => [row.state, row.provider_message_id])).toEqual([
      ['sent', 'p0'],
      ['sending', null],
      ['failed', null],
      ['sending', null],
    ]);
    expect(await recordOutcomes(pool, [])).toEqual([]);
  });

  it('an expired lease ends unknown, never queued again; a lease still running is left alone', async () => {
    await newMailing('m1', audience(30));
    const short = await claimRecipients(pool, { mailingId: 'm1', owner: 'relay-dead', limit: 10, leaseMs: 1_000 });
    const long = await claimRecipients(pool, { mailingId: 'm1', owner: 'relay-alive', limit: 10, leaseMs: 600_000 });

    const expired = await expireLeases(pool, new Date(Date.now() + 30_000));
    expect(expired.map((lease) => lease.index)).toEqual(short.map((claim) => claim.index));
    expect(expired.every((lease) => lease.owner === 'relay-dead')).toBe(true);

    const rows = await states('m1');
    expect(rows.filter((row) => row.state === 'unknown').map((row) => row.idx)).toEqual(short.map((claim) => claim.index));
    expect(rows.filter((row) => row.state === 'sending').map((row) => [row.idx, row.lease_owner])).toEqual(long.map((claim) => [claim.index, 'relay-alive']));
    expect(rows.filter((row) => row.state === 'queued').map((row) => row.idx)).toEqual([20, 21, 22, 23, 24, 25, 26, 27, 28, 29]);
    const unknown = (await pool.query(`SELECT error FROM mailing_recipients WHERE state = 'unknown' LIMIT 1`)).rows[0];
    expect(unknown.error).toMatch(/relay-dead/);

    // The live relay's outcomes still count; the next claims take only what was never claimed.
    expect(await recordOutcome(pool, long[0]!, { state: 'sent', providerMessageId: 'alive-0' })).toBe(true);
    const next = await claimRecipients(pool, { mailingId: 'm1', owner: 'relay-b', limit: 100, leaseMs: 60_000 });
    expect(next.map((claim) => claim.index)).toEqual([20, 21, 22, 23, 24, 25, 26, 27, 28, 29]);
    expect(await expireLeases(pool, new Date(Date.now() + 30_000))).toEqual([]);
  });

  it("expires by the database's own clock when given no time", async () => {
    await newMailing('m1', audience(2));
    await claimRecipients(pool, { mailingId: 'm1', owner: 'relay-dead', limit: 1, leaseMs: 50 });
    await claimRecipients(pool, { mailingId: 'm1', owner: 'relay-alive', limit: 1, leaseMs: 600_000 });
    const expired = await until('the 50 ms lease to pass', async () => {
      const leases = await expireLeases(pool);
      return leases.length > 0 && leases;
    });
    expect(expired).toEqual([{ mailingId: 'm1', index: 0, owner: 'relay-dead' }]);
    expect((await states('m1')).map((row) => row.state)).toEqual(['unknown', 'sending']);
  });

  it('freezes an audience in chunks, every field as given (quotes and all), skipped ones with their reason; a failed chunk leaves none', async () => {
    const recipients = audience(12_345, 1_000);
    recipients[7] = { ...recipients[7]!, name: `O'Brien"); DROP TABLE mailings; --`, timeZone: 'Asia/Almaty', country: 'KZ' };
    await newMailing('m1', recipients);
    const { rows } = await pool.query('SELECT count(*)::int AS n, count(*) FILTER (WHERE state = $1)::int AS skipped FROM mailing_recipients', ['skipped']);
    expect(rows[0]).toEqual({ n: 12_345, skipped: 13 });
    const [seventh] = await claimRecipients(pool, { mailingId: 'm1', owner: 'r', limit: 7, leaseMs: 1_000 }).then((claims) => claims.slice(-1));
    expect(seventh).toMatchObject({ index: 7, name: `O'Brien"); DROP TABLE mailings; --`, timeZone: 'Asia/Almaty', country: 'KZ' });
    expect((await pool.query(`SELECT idx, skip, phone FROM mailing_recipients WHERE mailing_id = 'm1' AND state = 'skipped' ORDER BY idx LIMIT 2`)).rows).toEqual([
      { idx: 0, skip: 'no_phone', phone: null },
      { idx: 1000, skip: 'no_phone', phone: null },
    ]);

    await pool.query(`INSERT INTO mailings (id, status, record) VALUES ('m2', 'running', '{}')`);
    const broken = audience(12_000);
    broken[11_000] = { ...broken[11_000]!, parts: -1 };
    await expect(insertAudience(pool, 'm2', broken)).rejects.toThrow(/check constraint/);
    expect((await pool.query(`SELECT count(*)::int AS n FROM mailing_recipients WHERE mailing_id = 'm2'`)).rows[0].n).toBe(0);
  });
});
