// npm run bench -- replies: what the badge and the card ask of the replies, at 100,000 contacts with
// thousands of unread replies, half of them from numbers no contact has (whose every check must find
// out whether a contact has the number by now): GET /api/replies/unread and a card's conversation.
import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { startFakeSmsRu } from '../fakes/fake-smsru';
import { api, quantile, seedContacts, spawnBenchRelay } from './bench-relay';

const CONTACTS = 100_000;
/** Replies from contacts' numbers, and as many again from numbers nobody has. */
const REPLIES_EACH = 1_500;
const ROUNDS = 40;

const ms = (n: number) => `${n.toFixed(1)} ms`;

export async function benchReplies(): Promise<void> {
  const fake = await startFakeSmsRu();
  const dataDir = await mkdtemp(join(tmpdir(), 'crmsms-bench-replies-'));
  try {
    const relay = await spawnBenchRelay(fake, dataDir, { PROVIDER: 'sandbox', SANDBOX_REPLY_RATE: '0' }, 120_000);
    try {
      await seedContacts(relay, CONTACTS);
      for (let i = 0; i < REPLIES_EACH; i++) {
        await api(relay, undefined, 'POST', '/api/provider/sandbox/replies', { from: `+7915${String(i).padStart(7, '0')}`, text: 'Кто это?' });
        await api(relay, undefined, 'POST', '/api/provider/sandbox/replies', { from: `+79${String(100_000_000 + i)}`, text: 'Да' });
      }
      const times = async (path: string) => {
        const taken: number[] = [];
        for (let k = 0; k < ROUNDS; k++) {
          const started = performance.now();
          await api(relay, undefined, 'GET', path);
          taken.push(performance.now() - started);
        }
        return taken.sort((a, b) => a - b);
      };
      const unread = await api(relay, undefined, 'GET', '/api/replies/unread');
      const badge = await times('/api/replies/unread');
      const card = await times('/api/contacts/bench:7/conversation');
      console.log(`\nreplies: ${CONTACTS.toLocaleString('en')} contacts, ${(2 * REPLIES_EACH).toLocaleString('en')} unread replies (${unread.count} from contacts)`);
      console.log(`  GET /api/replies/unread   p50 ${ms(quantile(badge, 0.5))}  p95 ${ms(quantile(badge, 0.95))}`);
      console.log(`  GET a card's conversation p50 ${ms(quantile(card, 0.5))}  p95 ${ms(quantile(card, 0.95))}`);
    } finally {
      await relay.kill();
    }
  } finally {
    await rm(dataDir, { recursive: true, force: true });
    await fake.close();
  }
}
