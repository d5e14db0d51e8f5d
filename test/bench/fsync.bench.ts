// npm run bench -- fsync: what one fsync per batch costs. Appends a batch's journal chunk (100 lines
// of ~80 bytes) to a file in the data folders' file system, 1,000 times without and 1,000 times
// with fsyncSync after each append, and prints latency per batch and what 1,000 fsyncs (a
// 100k-recipient mailing at batch 100) add to a mailing.
import { closeSync, fsyncSync, mkdtempSync, openSync, readFileSync, rmSync, writeSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { quantile } from './bench-relay';

const BATCHES = 1000;
const LINES_PER_BATCH = 100;
/** A 100,000-recipient mailing in batches of 100. */
const FSYNCS_PER_100K_MAILING = 1000;

/** The mount (point, type, device) that holds `path`, from /proc/mounts. */
function mountOf(path: string): string {
  const mounts = readFileSync('/proc/mounts', 'utf8')
    .trim()
    .split('\n')
    .map((line) => line.split(' '));
  const holding = mounts.filter(([, point]) => path === point || path.startsWith(point!.endsWith('/') ? point! : `${point}/`));
  const [device, point, type] = holding.sort((a, b) => b[1]!.length - a[1]!.length)[0] ?? ['?', '?', '?'];
  return `${point} (${type}, ${device})`;
}

function journalChunk(batch: number): Buffer {
  const at = Date.now();
  let text = '';
  for (let k = 0; k < LINES_PER_BATCH; k++) {
    const line = JSON.stringify({ i: batch * LINES_PER_BATCH + k, s: 'sending', t: at, p: 'x'.repeat(34) });
    text += `${line}\n`;
  }
  return Buffer.from(text);
}

function appendBatches(file: string, sync: boolean): number[] {
  const fd = openSync(file, 'a');
  const latencies: number[] = [];
  try {
    for (let batch = 0; batch < BATCHES; batch++) {
      const chunk = journalChunk(batch);
      const t0 = performance.now();
      writeSync(fd, chunk);
      if (sync) fsyncSync(fd);
      latencies.push(performance.now() - t0);
    }
  } finally {
    closeSync(fd);
  }
  return latencies.sort((a, b) => a - b);
}

/** `mailingSeconds`: how long the 100k mailing took in this run, when the mailing part ran first. */
export function benchFsync(mailingSeconds?: number): void {
  const folder = mkdtempSync(join(process.env.BENCH_DATA_ROOT ?? tmpdir(), 'crmsms-bench-fsync-'));
  try {
    const bytes = journalChunk(0).length;
    const plain = appendBatches(join(folder, 'plain.jsonl'), false);
    const synced = appendBatches(join(folder, 'synced.jsonl'), true);
    const ms = (sorted: number[], q: number) => quantile(sorted, q).toFixed(3);
    console.log(
      `fsync cost on ${mountOf(folder)}, ${BATCHES} appends of ${LINES_PER_BATCH} journal lines (${bytes} bytes) each: ` +
        `write only median ${ms(plain, 0.5)} ms, p95 ${ms(plain, 0.95)} ms; write + fsync median ${ms(synced, 0.5)} ms, p95 ${ms(synced, 0.95)} ms`,
    );
    const addedSeconds = (msPerBatch: number) => (msPerBatch * FSYNCS_PER_100K_MAILING) / 1000;
    const addedMedian = addedSeconds(quantile(synced, 0.5) - quantile(plain, 0.5));
    const addedP95 = addedSeconds(quantile(synced, 0.95) - quantile(plain, 0.5));
    const share = mailingSeconds
      ? `; that is ${((addedMedian / mailingSeconds) * 100).toFixed(1)} % (p95: ${((addedP95 / mailingSeconds) * 100).toFixed(1)} %) of the ${mailingSeconds.toFixed(1)} s the 100k mailing took above`
      : ' (run `npm run bench -- mailing fsync` for its share of a measured 100k mailing)';
    console.log(`  a 100k mailing at batch 100 makes 1,000 fsyncs: + ${addedMedian.toFixed(2)} s at the median cost, + ${addedP95.toFixed(2)} s at the p95 cost${share}`);
  } finally {
    rmSync(folder, { recursive: true, force: true });
  }
}
