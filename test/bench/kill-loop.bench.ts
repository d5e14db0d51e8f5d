// npm run bench -- kill-loop: "never twice" under kill -9, over and over. 10,000-recipient mailings;
// the fake SMS.ru answers slowly so that batches are in flight; the relay is killed with SIGKILL
// soon after the fake has received more sends, restarted, and killed again until the mailing is
// finished, then the next mailing — 20 kills in all. Printed: numbers the fake received twice within
// a mailing (must be 0), recipients made unknown per kill (at most batch × concurrency), time.
import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { startFakeSmsRu, type FakeSmsRu } from '../fakes/fake-smsru';
import type { RelayProcess } from '../support/spawn-relay';
import { api, createMailing, seedContacts, sleep, spawnBenchRelay } from './bench-relay';

const KILLS = 20;
const RECIPIENTS = 10_000;
const CONCURRENCY = 4;
const BATCH = 100;
/** Kill once the fake has received this many more messages since the (re)start. */
const SENDS_BEFORE_KILL = 1500;
const ENV = { MAILING_RATE_PER_SECOND: '0', MAILING_CONCURRENCY: String(CONCURRENCY) };

async function waitFor(condition: () => boolean, timeoutMs: number, what: string): Promise<void> {
  const until = performance.now() + timeoutMs;
  while (!condition()) {
    if (performance.now() > until) throw new Error(`timed out after ${timeoutMs} ms waiting for ${what}`);
    await sleep(2);
  }
}

const statsOf = (relay: RelayProcess, token: string, mailingId: string) => api(relay, token, 'GET', `/api/mailings/${mailingId}/stats`);

function duplicates(fake: FakeSmsRu, from: number): number {
  const phones = fake.sent.slice(from).map((s) => s.phone);
  return phones.length - new Set(phones).size;
}

export async function benchKillLoop(): Promise<void> {
  const fake = await startFakeSmsRu({ balance: 1e12 });
  const dataDir = await mkdtemp(join(tmpdir(), 'crmsms-bench-kill-'));
  const started = performance.now();
  const unknownPerKill: number[] = [];
  const mailings: { sent: number; unknown: number; atFake: number; twice: number; kills: number }[] = [];
  try {
    let relay = await spawnBenchRelay(fake, dataDir, ENV);
    const token = relay.adminToken!;
    const groupId = await seedContacts(relay, RECIPIENTS);
    try {
      while (unknownPerKill.length < KILLS) {
        const mailingId = await createMailing(relay, groupId, `Kill ${mailings.length + 1}`);
        const firstSend = fake.sent.length;
        let kills = 0;
        let unknownSoFar = 0;
        fake.fail({ delayMs: 150 });
        await api(relay, token, 'POST', `/api/mailings/${mailingId}/launch`);
        let stats = await statsOf(relay, token, mailingId);
        while (stats.status === 'running' && stats.counters.queued > 0 && unknownPerKill.length < KILLS) {
          // The last kill of a mailing falls while its last batches are in flight.
          const target = fake.sent.length + Math.min(SENDS_BEFORE_KILL, stats.counters.queued);
          await waitFor(() => fake.sent.length >= target, 60_000, `${target - firstSend} sends at the fake`);
          await relay.kill('SIGKILL');
          kills++;
          relay = await spawnBenchRelay(fake, dataDir, ENV);
          relay.adminToken = token; // printed on the first start only
          stats = await statsOf(relay, token, mailingId);
          unknownPerKill.push(stats.counters.unknown - unknownSoFar);
          unknownSoFar = stats.counters.unknown;
        }
        fake.fail(null);
        for (let i = 0; i < 1200 && stats.status === 'running'; i++) {
          await sleep(50);
          stats = await statsOf(relay, token, mailingId);
        }
        if (stats.status !== 'finished') throw new Error(`mailing ${mailingId} ended ${stats.status}: ${JSON.stringify(stats.counters)}`);
        const { counters } = stats;
        if (counters.queued + counters.sending > 0) throw new Error(`mailing ${mailingId} finished with recipients not final: ${JSON.stringify(counters)}`);
        mailings.push({
          sent: counters.sent + counters.delivered,
          unknown: counters.unknown,
          atFake: fake.sent.length - firstSend,
          twice: duplicates(fake, firstSend),
          kills,
        });
      }
    } finally {
      await relay.kill();
    }
    const twice = mailings.reduce((sum, m) => sum + m.twice, 0);
    console.log(
      `kill -9 loop: ${unknownPerKill.length} kills over ${mailings.length} mailings of ${RECIPIENTS} recipients (fake answers in 150 ms, concurrency ${CONCURRENCY}, batch ${BATCH})`,
    );
    for (const [k, m] of mailings.entries()) {
      console.log(`  mailing ${k + 1}: ${m.kills} kills; ${m.sent} sent, ${m.unknown} unknown; the fake received ${m.atFake} messages, ${m.twice} numbers twice`);
    }
    console.log(
      `  numbers received twice: ${twice} (must be 0); unknown per kill: max ${Math.max(...unknownPerKill)}, mean ${(unknownPerKill.reduce((a, b) => a + b, 0) / unknownPerKill.length).toFixed(0)} ` +
        `(bound batch × concurrency = ${BATCH * CONCURRENCY}); total ${((performance.now() - started) / 1000).toFixed(1)} s`,
    );
  } finally {
    await rm(dataDir, { recursive: true, force: true });
    await fake.close();
  }
}
