import { afterAll, afterEach, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import type { AuditEntry } from '../../shared/audit';
import { startFakeTwilio, type FakeTwilio } from '../fakes/fake-twilio';
import { twilioInboundRequest, twilioMessageSid, type TwilioInboundMessage } from '../fakes/twilio-webhook';
import { faultyIo, type FaultyIo } from '../support/faulty-io';
import { waitUntilSettled } from '../support/mailing-run';
import { startTestRelay, testClock, type TestRelay } from '../support/relay-harness';
import { expectStatus as ok } from '../support/answers';

/**
 * What changes without an /api request is in the audit log too, seen from outside (GET /api/audit): a reply's
 * STOP or START that a provider's webhook brought, the scheduler's start of a deferred mailing, the engine
 * finishing it. Who is the relay's part (role "system", no token), what and on what as for a request.
 */

const SID = 'AC00000000000000000000000000000016';
const TOKEN = 'twilio-token-audit-system-test-01';
const PUBLIC_URL = 'https://relay.example.com';
const SHARED = '79150001111';
const OTHER = '79150002222';

let fake: FakeTwilio;
let io: FaultyIo;
let relay: TestRelay;
beforeAll(async () => {
  fake = await startFakeTwilio({ accountSid: SID, authToken: TOKEN });
});
afterAll(async () => {
  await fake.close();
});
beforeEach(async () => {
  io = faultyIo();
  const env = { PROVIDER: 'twilio', TWILIO_ACCOUNT_SID: SID, TWILIO_AUTH_TOKEN: TOKEN, TWILIO_FROM: '+15005550006', TWILIO_BASE_URL: fake.url, PUBLIC_URL };
  relay = await startTestRelay(env, { io });
  const contacts = [
    { crmId: 'sys:1', snapshot: { name: 'Анна', phones: [{ number: `+${SHARED}`, type: 'mobile' }] } },
    { crmId: 'sys:2', snapshot: { name: 'Пётр', phones: [{ number: `+${SHARED}`, type: 'mobile' }] } },
    { crmId: 'sys:3', snapshot: { name: 'Ольга', phones: [{ number: `+${OTHER}`, type: 'mobile' }] } },
  ];
  await ok(relay.call('POST', '/api/contacts/bulk', { role: 'marketer', body: { contacts } }));
  for (const crmId of ['sys:1', 'sys:2', 'sys:3']) await ok(relay.call('PUT', `/api/contacts/${crmId}/consent`, { body: { granted: true, source: 'agent' } }), 201);
});
afterEach(async () => {
  await relay.dispose();
});

/** Twilio posting an incoming message to the relay's inbound webhook, signed as it signs. */
function twilioPosts(message: TwilioInboundMessage) {
  const path = `/inbound/twilio/${relay.store.callbackSecret}`;
  const request = twilioInboundRequest(message, { accountSid: SID, authToken: TOKEN, signedUrl: `${PUBLIC_URL}${path}` });
  return relay.call('POST', path, { role: null, rawBody: request.rawBody, headers: request.headers });
}

/** The entries the relay made on its own (role "system"), oldest first. */
async function systemEntries(): Promise<AuditEntry[]> {
  const page = await ok(relay.call('GET', '/api/audit?limit=1000', { role: 'admin' }));
  return (page.entries as AuditEntry[]).filter((e) => e.role === 'system').reverse();
}

const repliesOf = async (crmId: string) => (await ok(relay.call('GET', `/api/contacts/${crmId}/conversation`))).entries.filter((e: any) => e.direction === 'incoming');

describe("a reply's changes, in the audit log as the relay's own", () => {
  it('a signed «СТОП» via the Twilio webhook: who (system:inbound, twilio), what (stop-list add, the phone, source reply), and the consents it withdrew; a reply that changes nothing leaves nothing', async () => {
    await ok(twilioPosts({ From: `+${OTHER}`, Body: 'Спасибо, получила' }));
    expect(await systemEntries()).toEqual([]);

    await ok(twilioPosts({ From: `+${SHARED}`, Body: 'СТОП' }));
    expect(await systemEntries()).toEqual([
      expect.objectContaining({
        user: 'system:inbound',
        role: 'system',
        tokenId: null,
        site: null,
        action: 'stop-list add',
        target: { phone: SHARED },
        details: { provider: 'twilio', source: 'reply', reason: '«СТОП»', added: true },
        status: 200,
      }),
      expect.objectContaining({
        user: 'system:inbound',
        action: 'consent withdraw',
        target: { phone: SHARED, crmIds: 'sys:1, sys:2' },
        details: { provider: 'twilio', source: 'reply' },
        status: 200,
      }),
    ]);
    const csv = await relay.call('GET', '/api/audit.csv?lang=en', { role: 'admin' });
    expect(csv.text).toContain(`system:inbound,system,,,stop-list add,phone=${SHARED},200,`);
  });

  it("a «START» that lifts a reply's entry is recorded as a removal", async () => {
    await ok(twilioPosts({ From: `+${SHARED}`, Body: 'STOP' }));
    await ok(twilioPosts({ From: `+${SHARED}`, Body: 'START' }));
    const removal = (await systemEntries()).filter((e) => e.action === 'stop-list remove');
    expect(removal).toEqual([
      expect.objectContaining({ user: 'system:inbound', target: { phone: SHARED }, details: { provider: 'twilio', source: 'reply', reason: '«START»' }, status: 200 }),
    ]);
    expect((await relay.call('GET', `/api/stop-list/${SHARED}`)).body.entry).toBeNull();
  });

  it("a disk that refuses the entry refuses the STOP: 503, nothing stored or listed; Twilio's retry of the same message is then taken once and recorded once", async () => {
    const message = { From: `+${SHARED}`, Body: 'СТОП', MessageSid: twilioMessageSid() };
    io.fail({ code: 'ENOSPC', path: (path) => path.endsWith('audit.jsonl') });
    const refused = await twilioPosts(message);
    expect(refused.status).toBe(503);
    expect(refused.body.error.code).toBe('storage_unwritable');
    expect((await relay.call('GET', `/api/stop-list/${SHARED}`)).status).toBe(404);
    expect(await repliesOf('sys:1')).toEqual([]);
    expect((await ok(relay.call('GET', '/api/contacts/sys:1/consent'))).current).toMatchObject({ granted: true });

    io.heal();
    await ok(twilioPosts(message));
    await ok(twilioPosts(message)); // delivered twice more: a duplicate changes and records nothing
    expect((await relay.call('GET', `/api/stop-list/${SHARED}`)).body.entry).toMatchObject({ source: 'reply', addedBy: 'twilio' });
    expect(await repliesOf('sys:1')).toHaveLength(1);
    expect((await systemEntries()).map((e) => [e.action, e.status])).toEqual([
      ['stop-list add', 200],
      ['consent withdraw', 200],
    ]);
  });
});

describe("the scheduler's and the engine's own steps", () => {
  it("a deferred mailing started by the scheduler and finished by the engine: both in the log, a person's launch only as its request", async () => {
    const clock = testClock(Date.now());
    const own = await startTestRelay({ MAILING_RATE_PER_SECOND: '0' }, { clock, scheduler: false });
    try {
      const contacts = [{ crmId: 'sched:1', snapshot: { name: 'Клиент', phones: [{ number: '+79150003333', type: 'mobile' }] } }];
      await ok(own.call('POST', '/api/contacts/bulk', { role: 'marketer', body: { contacts } }));
      const startAt = new Date(clock.now() + 60_000).toISOString();
      const mailing = await ok(
        own.call('POST', '/api/mailings', { role: 'marketer', body: { name: 'Утро', launchType: 'deferred', startAt, text: 'Доброе утро' } }),
        201,
      );
      await ok(own.call('PUT', `/api/mailings/${mailing.id}/audience`, { role: 'marketer', body: { contacts: ['sched:1'] } }));
      await ok(own.call('POST', `/api/mailings/${mailing.id}/launch`, { role: 'marketer' }));
      const entries = async () => (await ok(own.call('GET', '/api/audit?limit=1000', { role: 'admin' }))).entries as AuditEntry[];
      // Before its time nothing of the relay's own (the control); the launch is the marketer's request.
      await own.engine.tick();
      expect((await entries()).filter((e) => e.role === 'system')).toEqual([]);
      expect((await entries()).filter((e) => e.action === 'POST /api/mailings/:id/launch')).toEqual([expect.objectContaining({ user: 'marketer', status: 200 })]);

      clock.advance(61_000);
      await own.engine.tick();
      await waitUntilSettled(own, mailing.id, ['finished']);
      await expect
        .poll(async () =>
          (await entries())
            .filter((e) => e.role === 'system')
            .reverse()
            .map((e) => [e.user, e.action, e.target.id, e.details.to, e.tokenId]),
        )
        .toEqual([
          ['system:scheduler', 'mailing start', mailing.id, 'running', null],
          ['system:engine', 'mailing finish', mailing.id, 'finished', null],
        ]);
    } finally {
      await own.dispose();
    }
  });
});
