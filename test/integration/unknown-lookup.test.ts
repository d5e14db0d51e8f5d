import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import type { MailingStats, UnknownResolution } from '../../shared/mailings';
import { startFakeSmsc, type FakeSmsc } from '../fakes/fake-smsc';
import { startGatewayProxy, type GatewayProxy } from '../support/gateway-proxy';
import { launchMailingTo, recipientPhone, waitUntilSettled } from '../support/mailing-run';
import { startTestRelay, testClock, type TestClock, type TestRelay } from '../support/relay-harness';
import { until } from '../support/wait';

// Unknowns resolved by the provider where it can tell: SMSC behind a gateway that answers 502 for
// some sends after passing them on (SMSC has them) and for others without (SMSC never saw them).

const RECIPIENTS = 40;
const LOST_ANSWER = (n: number) => n % 5 === 1; // SMSC got it, the relay got a 502
const DROPPED = (n: number) => n % 7 === 3 && !LOST_ANSWER(n); // SMSC never got it

let smsc: FakeSmsc;
let gateway: GatewayProxy;
let relay: TestRelay;
let clock: TestClock;

const start = async (env: Record<string, string> = {}) => {
  clock = testClock(Date.now());
  relay = await startTestRelay(
    {
      PROVIDER: 'smsc',
      SMSC_LOGIN: 'crm',
      SMSC_PASSWORD: 'secret-password',
      SMSC_BASE_URL: gateway.url,
      MAILING_RATE_PER_SECOND: '0',
      MAILING_CONCURRENCY: '1',
      ...env,
    },
    { clock },
  );
};
const stats = async (id: string): Promise<MailingStats> => (await relay.call('GET', `/api/mailings/${id}/stats`, { role: 'marketer' })).body;

beforeEach(async () => {
  smsc = await startFakeSmsc({ login: 'crm', password: 'secret-password' });
  smsc.setBalance(1_000_000);
  let sends = 0;
  gateway = await startGatewayProxy(smsc.url, (path, body) => {
    const params = new URLSearchParams(body || path.split('?')[1]);
    if (!path.startsWith('/sys/send.php') || params.get('cost') === '1') return 'pass'; // sends only, not price previews (cost=1)
    const n = sends++;
    return LOST_ANSWER(n) ? 'answer-502-after-forwarding' : DROPPED(n) ? 'answer-502-without-forwarding' : 'pass';
  });
});
afterEach(async () => {
  await relay.dispose();
  await gateway.close();
  await smsc.close();
});

describe('asking the provider about unknown recipients', () => {
  it('those it has become "sent" with its id, those it never got "failed" once it can be sure, nobody is sent twice', async () => {
    await start({ MAILING_UNKNOWN_LOOKUP_SECONDS: '3600' });
    const id = await launchMailingTo(relay, RECIPIENTS, 'Привет');
    const done = await waitUntilSettled(relay, id, ['finished']);
    const lost = gateway.counts['answer-502-after-forwarding'];
    const dropped = gateway.counts['answer-502-without-forwarding'];
    expect(lost).toBeGreaterThan(0);
    expect(dropped).toBeGreaterThan(0);
    expect(done.counters.unknown).toBe(lost + dropped);
    expect((await stats(id)).unknownLookup).toBe(true);

    // Right away, SMSC's "no such message" may still be a request in progress: those stay unknown.
    const early: UnknownResolution = (await relay.call('POST', `/api/mailings/${id}/resolve-unknown`, { role: 'marketer' })).body;
    expect(early).toEqual({ sent: lost, notSent: 0, unresolved: dropped });
    clock.advance(2 * 60_000);
    const later: UnknownResolution = (await relay.call('POST', `/api/mailings/${id}/resolve-unknown`, { role: 'marketer' })).body;
    expect(later).toEqual({ sent: 0, notSent: dropped, unresolved: 0 });

    const after = await stats(id);
    expect(after.counters).toMatchObject({ unknown: 0, sent: RECIPIENTS - dropped, failed: dropped });
    // The resolved ones carry SMSC's id, so their delivery reports can reach them.
    const sent = (await relay.call('GET', `/api/mailings/${id}/recipients?status=sent&limit=100`, { role: 'marketer' })).body.recipients as {
      providerMessageId: string | null;
    }[];
    expect(sent.every((r) => r.providerMessageId)).toBe(true);

    // What the provider confirmed it never got is safe to retry: each goes once, nobody twice.
    expect((await relay.call('POST', `/api/mailings/${id}/retry`, { role: 'marketer' })).status).toBe(200);
    const retried = await waitUntilSettled(relay, id, ['finished']);
    const phones = smsc.sent.map((s) => s.phone);
    expect(new Set(phones).size).toBe(phones.length);
    // Only a retried send the gateway failed again can be missing, and it is unknown again, not lost.
    const missing = Array.from({ length: RECIPIENTS }, (_, i) => recipientPhone(i)).filter((p) => !phones.includes(p));
    expect(missing.length).toBeLessThanOrEqual(retried.counters.unknown);
    expect(retried.counters.queued + retried.counters.sending).toBe(0);
  });

  it('the relay asks by itself once the mailing ends, before a person has to decide', async () => {
    await start({ MAILING_UNKNOWN_LOOKUP_SECONDS: '0' });
    const id = await launchMailingTo(relay, RECIPIENTS, 'Привет');
    await waitUntilSettled(relay, id, ['finished']);
    const lost = gateway.counts['answer-502-after-forwarding'];
    const dropped = gateway.counts['answer-502-without-forwarding'];
    const current = await until('the relay to ask by itself', async () => {
      const view = await stats(id);
      return view.counters.unknown === dropped ? view : null;
    });
    expect(current.counters).toMatchObject({ unknown: dropped, sent: RECIPIENTS - dropped });
    expect(lost).toBeGreaterThan(0);
  });
});
