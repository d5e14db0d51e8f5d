// The yardstick of `npm run bench -- mailing`: the simplest sender that keeps the relay's promise of
// never twice — a journal line per state change, the batch's claims fsync'd before its request goes
// out (the outcomes ride on the next batch's fsync) — and nothing else: no store, no framework, no
// engine. Run as its own process (as the relay is) against the same fake SMS.ru, with the same batch
// size, concurrency and personal texts; it prints one JSON line: {sent, seconds}.
import { closeSync, fsyncSync, openSync, writeSync } from 'node:fs';
import { Agent, request } from 'node:http';

const { FAKE_URL, API_ID, COUNT, BATCH, CONCURRENCY, JOURNAL } = process.env;
const count = Number(COUNT);
const batchSize = Number(BATCH);
const concurrency = Number(CONCURRENCY);
const agent = new Agent({ keepAlive: true, maxSockets: concurrency });
const endpoint = new URL('/sms/send', FAKE_URL);
const journal = openSync(JOURNAL!, 'a');

/** The bench's recipients, as the relay's contacts and template give them. */
const phoneOf = (i: number) => `79${100000000 + i}`;
const textOf = (i: number) => `Здравствуйте, Имя${i}! Скидка 10% для ${i % 2 ? 'Ромашка' : 'Лютик'}.`;

function post(body: string): Promise<{ sms?: Record<string, { status: string; sms_id?: string }> }> {
  return new Promise((resolve, reject) => {
    const req = request(
      endpoint,
      { method: 'POST', agent, headers: { 'content-type': 'application/x-www-form-urlencoded', 'content-length': Buffer.byteLength(body) } },
      (res) => {
        let text = '';
        res.setEncoding('utf8');
        res.on('data', (chunk: string) => (text += chunk));
        res.on('end', () => resolve(JSON.parse(text)));
      },
    );
    req.on('error', reject);
    req.end(body);
  });
}

let next = 0;
let sent = 0;

async function worker(): Promise<void> {
  while (next < count) {
    const from = next;
    const to = Math.min(count, from + batchSize);
    next = to;
    let claims = '';
    const form = new URLSearchParams({ api_id: API_ID!, json: '1' });
    for (let i = from; i < to; i++) {
      claims += `{"i":${i},"s":"sending"}\n`;
      form.append(`to[${phoneOf(i)}]`, textOf(i));
    }
    writeSync(journal, claims);
    fsyncSync(journal);
    const reply = await post(form.toString());
    let outcomes = '';
    for (let i = from; i < to; i++) {
      const answer = reply.sms?.[phoneOf(i)];
      const ok = answer?.status === 'OK';
      if (ok) sent++;
      outcomes += ok ? `{"i":${i},"s":"sent","id":"${answer.sms_id}"}\n` : `{"i":${i},"s":"failed"}\n`;
    }
    writeSync(journal, outcomes);
  }
}

const started = performance.now();
await Promise.all(Array.from({ length: concurrency }, worker));
fsyncSync(journal);
closeSync(journal);
agent.destroy();
process.stdout.write(`${JSON.stringify({ sent, seconds: (performance.now() - started) / 1000 })}\n`);
