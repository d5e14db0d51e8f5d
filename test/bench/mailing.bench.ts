// npm run bench (part): a 100,000-recipient mailing through a fake SMS.ru on 127.0.0.1, the relay in
// its own process: time, messages/s, the relay's peak RSS and bytes written, stats latency; then
// the same at a 200 messages/s limit, with how evenly the messages reached the provider; and the
// pre-flight figures for 100k.
import { execFile } from 'node:child_process';
import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { promisify } from 'node:util';
import { startFakeSmsRu, type FakeSmsRu } from '../fakes/fake-smsru';
import { steadyRate, worstWindow } from '../support/arrival-windows';
import { api, createMailing, numbersIn, procStats, quantile, resetPeak, runToEnd, seedContacts, spawnBenchRelay } from './bench-relay';

const BATCH = 100;
const CONCURRENCY = 4;

/** The first to the last sms/send request that reached `fake` since request number `from`, in s. */
function sendPhase(fake: FakeSmsRu, from: number): { seconds: number; firstAt: number } {
  const sends = fake.requests.slice(from).filter((r) => r.path === '/sms/send');
  return { seconds: (sends.at(-1)!.receivedAt - sends[0]!.receivedAt) / 1000, firstAt: sends[0]!.receivedAt };
}

/** The minimal durable sender (minimal-sender.ts) in its own process: `count` recipients through `fake`. */
async function runMinimalSender(fake: FakeSmsRu, count: number) {
  const dir = await mkdtemp(join(tmpdir(), 'crmsms-bench-minimal-'));
  const from = fake.requests.length;
  try {
    const { stdout } = await promisify(execFile)(process.execPath, ['--import', 'tsx', join(import.meta.dirname, 'minimal-sender.ts')], {
      env: {
        PATH: process.env.PATH,
        FAKE_URL: fake.url,
        API_ID: fake.apiId,
        COUNT: String(count),
        BATCH: String(BATCH),
        CONCURRENCY: String(CONCURRENCY),
        JOURNAL: join(dir, 'journal.jsonl'),
      },
    });
    const { sent, seconds } = JSON.parse(stdout) as { sent: number; seconds: number };
    return { sent, seconds, sendSeconds: sendPhase(fake, from).seconds };
  } finally {
    await rm(dir, { recursive: true, force: true });
  }
}

async function setUp(fake: FakeSmsRu, count: number, env: Record<string, string>) {
  const dataDir = await mkdtemp(join(tmpdir(), 'crmsms-bench-'));
  const relay = await spawnBenchRelay(fake, dataDir, env);
  const groupId = await seedContacts(relay, count);
  return { relay, dataDir, mailingId: await createMailing(relay, groupId) };
}

/** The 100k mailing with no rate limit; returns how long the mailing took. */
export async function benchMailing(): Promise<{ mailingSeconds: number }> {
  const fake = await startFakeSmsRu({ balance: 1e9 });
  const { relay, dataDir, mailingId } = await setUp(fake, 100_000, { MAILING_RATE_PER_SECOND: '0', MAILING_CONCURRENCY: String(CONCURRENCY) });
  try {
    const loaded = procStats(relay.child.pid!);
    console.log(`relay with 100k contacts loaded: RSS ${loaded.rssMb.toFixed(0)} MB (peak while importing them: ${loaded.peakRssMb.toFixed(0)} MB)`);
    resetPeak(relay.child.pid!);
    const preflightStart = performance.now();
    const preflight = await api(relay, undefined, 'GET', `/api/mailings/${mailingId}/preflight`);
    const preflightSeconds = (performance.now() - preflightStart) / 1000;
    console.log(
      `pre-flight for ${preflight.recipients} recipients: ${preflightSeconds.toFixed(2)} s (target ≤ 1 s); ${preflight.totalParts} parts, estimated ${preflight.estimatedCost} ${preflight.currency}`,
    );
    const afterPreflight = procStats(relay.child.pid!);
    console.log(`pre-flight peak RSS ${afterPreflight.peakRssMb.toFixed(0)} MB`);
    const minimal = await runMinimalSender(fake, 100_000);
    console.log(
      `minimal durable sender (a journal line per state change, one fsync per batch of ${BATCH}, ${CONCURRENCY} at once, node:http with keep-alive): ` +
        `${minimal.sent} sent in ${minimal.seconds.toFixed(1)} s = ${Math.round(minimal.sent / minimal.seconds)} messages/s; send phase ${minimal.sendSeconds.toFixed(1)} s`,
    );
    resetPeak(relay.child.pid!);
    const before = procStats(relay.child.pid!);
    const sentBefore = fake.sent.length;
    const requestsBefore = fake.requests.length;
    const launchedAt = Date.now();
    // Launched as the extension launches it: naming the pre-flight just shown, unchanged since.
    const { seconds, stats, latencies } = await runToEnd(relay, mailingId, preflight.preflightId);
    const after = procStats(relay.child.pid!);
    const relaySend = sendPhase(fake, requestsBefore);
    const launchSeconds = (relaySend.firstAt - launchedAt) / 1000;
    console.log(
      `relay against the minimal sender: whole mailing ${(minimal.seconds / seconds).toFixed(2)}× (target ≥ 0.6×), send phase ${(minimal.sendSeconds / relaySend.seconds).toFixed(2)}× (target ≥ 0.8×); ` +
        `launch after an unchanged pre-flight (the request to the first message at the provider) ${launchSeconds.toFixed(2)} s = ${(launchSeconds / relaySend.seconds).toFixed(2)}× the send phase (target ≤ 0.2×)`,
    );
    const phones = fake.sent.slice(sentBefore).map((s) => s.phone);
    const unique = new Set(phones).size;
    console.log(
      `100k mailing, no rate limit: ${stats.counters.sent} sent in ${seconds.toFixed(1)} s = ${Math.round(stats.counters.sent / seconds)} messages/s (target ≥ 5000); ` +
        `relay peak RSS ${after.peakRssMb.toFixed(0)} MB (target ≤ 200); written during the mailing ${(after.writtenMb - before.writtenMb).toFixed(1)} MB = ${Math.round(((after.writtenMb - before.writtenMb) * 1024 * 1024) / stats.counters.sent)} bytes a recipient; ` +
        `stats p95 ${quantile(latencies, 0.95).toFixed(1)} ms over ${latencies.length} samples (target ≤ 100); ` +
        `provider received ${phones.length} messages for ${unique} numbers (${phones.length - unique} twice)`,
    );
    return { mailingSeconds: seconds };
  } finally {
    await relay.kill();
    await rm(dataDir, { recursive: true, force: true });
    await fake.close();
  }
}

/** 3000 recipients at 200/s: the achieved rate and the busiest 100 ms and 1 s at the provider. */
export async function benchRateLimit(): Promise<void> {
  const limit = 200;
  const fake = await startFakeSmsRu({ balance: 1e9 });
  const { relay, dataDir, mailingId } = await setUp(fake, 3000, { MAILING_RATE_PER_SECOND: String(limit), MAILING_CONCURRENCY: '4' });
  try {
    const firstRequest = fake.requests.length;
    const { seconds, stats } = await runToEnd(relay, mailingId);
    const arrivals = fake.requests
      .slice(firstRequest)
      .filter((r) => r.path === '/sms/send')
      .map((r) => ({ at: r.receivedAt, count: numbersIn(r.form) }));
    const rate = stats.counters.sent / seconds;
    const burst = Math.ceil(limit / 10);
    console.log(
      `3000 at a ${limit}/s limit: ${rate.toFixed(0)} messages/s launch to finish = ${((rate / limit) * 100).toFixed(1)} % of the limit (target ≥ 95 %); ` +
        `at the provider: ${steadyRate(arrivals).toFixed(0)} messages/s first to last request, in ${arrivals.length} requests; ` +
        `busiest 1 s ${worstWindow(arrivals, 1000)} messages (target ≤ ${limit}); busiest 100 ms ${worstWindow(arrivals, 100)} messages (target ≤ ${0.15 * limit + burst} = 15 % of the limit + one batch of ${burst})`,
    );
  } finally {
    await relay.kill();
    await rm(dataDir, { recursive: true, force: true });
    await fake.close();
  }
}
