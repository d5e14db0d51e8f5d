// npm run bench -- history: does the relay's memory grow with finished mailings? One relay process
// sends five mailings to the same contacts one after the other (fake SMS.ru, no rate limit); its
// RSS after each, settled; then how long the relay takes to start with 1 and with 5 finished
// mailings in its data folder. BENCH_HISTORY_SIZE sets the recipients per mailing (default 100,000).
import { cp, mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { startFakeSmsRu, type FakeSmsRu } from '../fakes/fake-smsru';
import { api, createMailing, procStats, quantile, seedContacts, sleep, spawnBenchRelay } from './bench-relay';

const MAILINGS = 5;
const STARTS_PER_FOLDER = 5;
const ENV = { MAILING_RATE_PER_SECOND: '0', MAILING_CONCURRENCY: '4' };

/** RSS once it has stopped falling: sampled every 250 ms until a second's samples are within 1 MB (at most 10 s). */
async function settledRssMb(pid: number): Promise<number> {
  const samples: number[] = [];
  const until = performance.now() + 10_000;
  for (;;) {
    samples.push(procStats(pid).rssMb);
    const lastSecond = samples.slice(-5);
    if (lastSecond.length === 5 && Math.max(...lastSecond) - Math.min(...lastSecond) < 1) break;
    if (performance.now() > until) break;
    await sleep(250);
  }
  return samples.at(-1)!;
}

async function waitUntilFinished(relay: Awaited<ReturnType<typeof spawnBenchRelay>>, mailingId: string, timeoutMs: number): Promise<any> {
  const until = performance.now() + timeoutMs;
  for (;;) {
    const stats = await api(relay, undefined, 'GET', `/api/mailings/${mailingId}/stats`);
    if (stats.status !== 'running') return stats;
    if (performance.now() > until) throw new Error(`mailing ${mailingId} still running after ${timeoutMs} ms: ${JSON.stringify(stats.counters)}`);
    await sleep(100);
  }
}

/** Spawn → first answer to GET /health, in ms. */
async function startUpMs(fake: FakeSmsRu, dataDir: string): Promise<number> {
  const started = performance.now();
  const relay = await spawnBenchRelay(fake, dataDir, ENV, 120_000);
  try {
    const response = await fetch(`${relay.url}/health`);
    await response.arrayBuffer();
    return performance.now() - started;
  } finally {
    await relay.kill();
  }
}

export async function benchHistory(): Promise<void> {
  const size = Number(process.env.BENCH_HISTORY_SIZE ?? 100_000);
  const fake = await startFakeSmsRu({ balance: 1e12 });
  const dataDir = await mkdtemp(join(tmpdir(), 'crmsms-bench-history-'));
  const oneFinished = await mkdtemp(join(tmpdir(), 'crmsms-bench-history-one-'));
  const started = performance.now();
  try {
    const relay = await spawnBenchRelay(fake, dataDir, ENV);
    const rss: number[] = [];
    try {
      const groupId = await seedContacts(relay, size);
      console.log(
        `history: ${MAILINGS} mailings of ${size} recipients in one relay (pid ${relay.child.pid}); RSS with the contacts loaded ${procStats(relay.child.pid!).rssMb.toFixed(0)} MB`,
      );
      for (let k = 1; k <= MAILINGS; k++) {
        const mailingId = await createMailing(relay, groupId, `History ${k}`);
        const mailingStarted = performance.now();
        await api(relay, undefined, 'POST', `/api/mailings/${mailingId}/launch`);
        const stats = await waitUntilFinished(relay, mailingId, 120_000);
        const seconds = (performance.now() - mailingStarted) / 1000;
        rss.push(await settledRssMb(relay.child.pid!));
        console.log(`  after mailing ${k} (${stats.status}, ${stats.counters.sent} sent in ${seconds.toFixed(1)} s): RSS ${rss.at(-1)!.toFixed(0)} MB`);
        // The relay is idle (nothing running, no status polling): a consistent copy of one finished mailing.
        if (k === 1) await cp(dataDir, oneFinished, { recursive: true });
      }
    } finally {
      await relay.kill();
    }
    console.log(`  RSS after ${MAILINGS} / after 1: ${(rss.at(-1)! / rss[0]!).toFixed(2)} (target ≤ 1.1)`);

    const startUps = async (folder: string) => {
      const times: number[] = [];
      for (let i = 0; i < STARTS_PER_FOLDER; i++) times.push(await startUpMs(fake, folder));
      return times.sort((a, b) => a - b);
    };
    const withOne = await startUps(oneFinished);
    const withFive = await startUps(dataDir);
    const describe = (times: number[]) => `median ${quantile(times, 0.5).toFixed(0)} ms (${times.map((t) => t.toFixed(0)).join(', ')})`;
    console.log(
      `  start-up (spawn → first HTTP answer), ${STARTS_PER_FOLDER} starts each: 1 finished mailing ${describe(withOne)}; ${MAILINGS} finished ${describe(withFive)}`,
    );
    console.log(`  history part took ${((performance.now() - started) / 1000).toFixed(0)} s`);
  } finally {
    await rm(dataDir, { recursive: true, force: true });
    await rm(oneFinished, { recursive: true, force: true });
    await fake.close();
  }
}
