import { afterAll, afterEach, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import { startFakeTwilio, type FakeTwilio } from '../fakes/fake-twilio';
import { twilioInboundRequest, twilioMessageSid, type TwilioInboundMessage } from '../fakes/twilio-webhook';
import { startTestRelay, type TestRelay } from '../support/relay-harness';

const SID = 'AC00000000000000000000000000000077';
const TOKEN = 'twilio-token-inbound-test-0001';
const PUBLIC_URL = 'https://relay.example.com';
const SHARED = '79123456789';
const OTHER = '79234567890';

let fake: FakeTwilio;
let relay: TestRelay;
beforeAll(async () => {
  fake = await startFakeTwilio({ accountSid: SID, authToken: TOKEN });
});
afterAll(async () => {
  await fake.close();
});
beforeEach(async () => {
  relay = await startTestRelay({
    PROVIDER: 'twilio',
    TWILIO_ACCOUNT_SID: SID,
    TWILIO_AUTH_TOKEN: TOKEN,
    TWILIO_FROM: '+15005550006',
    TWILIO_BASE_URL: fake.url,
    PUBLIC_URL,
  });
  // Two contacts share a number (a family's phone); a third has its own.
  const contacts = [
    { crmId: 'tw:1', snapshot: { name: 'Анна Смирнова', phones: [{ number: `+${SHARED}`, type: 'mobile' }] } },
    { crmId: 'tw:2', snapshot: { name: 'Пётр Смирнов', phones: [{ number: '8 (912) 345-67-89', type: 'mobile' }] } },
    { crmId: 'tw:3', snapshot: { name: 'Ольга Петрова', phones: [{ number: `+${OTHER}`, type: 'mobile' }] } },
  ];
  expect((await relay.call('POST', '/api/contacts/bulk', { role: 'marketer', body: { contacts } })).status).toBe(200);
  for (const crmId of ['tw:1', 'tw:2', 'tw:3']) {
    expect((await relay.call('PUT', `/api/contacts/${crmId}/consent`, { body: { granted: true, source: 'agent' } })).status).toBe(201);
  }
});
afterEach(async () => {
  await relay.dispose();
});

const path = (secret = relay.store.callbackSecret, provider = 'twilio') => `/inbound/${provider}/${secret}`;

/** Twilio posting an incoming message, signed as it would (with another token or for another URL, if asked). */
function twilioPosts(message: TwilioInboundMessage, signing: { authToken?: string; signedUrl?: string; to?: string } = {}) {
  const authToken = 'authToken' in signing ? signing.authToken : TOKEN;
  const request = twilioInboundRequest(message, { accountSid: SID, authToken, signedUrl: signing.signedUrl ?? `${PUBLIC_URL}${path()}` });
  return relay.call('POST', signing.to ?? path(), { role: null, rawBody: request.rawBody, headers: request.headers });
}

const conversation = async (crmId: string) => (await relay.call('GET', `/api/contacts/${crmId}/conversation`)).body;
const consentOf = async (crmId: string) => (await relay.call('GET', `/api/contacts/${crmId}/consent`)).body;
const listed = async (digits: string) => (await relay.call('GET', `/api/stop-list/${digits}`)).body?.entry ?? null;

describe("Twilio's inbound webhook", () => {
  it('a signed «СТОП» is stored for both contacts with the number, lists the number and withdraws their consent; the third contact keeps hers', async () => {
    const answer = await twilioPosts({ From: `+${SHARED}`, Body: 'СТОП' });
    expect(answer.status, answer.text).toBe(200);
    expect(answer.text).toMatch(/<Response\s*(\/>|><\/Response>)/);

    expect(await listed(SHARED)).toMatchObject({ phone: SHARED, source: 'reply', addedBy: 'twilio' });
    for (const crmId of ['tw:1', 'tw:2']) {
      expect((await consentOf(crmId)).current, crmId).toMatchObject({ granted: false, source: 'reply' });
      const { entries, unread } = await conversation(crmId);
      expect(unread).toBe(1);
      expect(entries).toEqual([
        expect.objectContaining({
          direction: 'incoming',
          reply: expect.objectContaining({ provider: 'twilio', from: SHARED, text: 'СТОП', keyword: 'stop', read: false, contactIds: ['tw:1', 'tw:2'], mailing: null }),
        }),
      ]);
    }
    expect((await consentOf('tw:3')).current).toMatchObject({ granted: true, source: 'agent' });
    expect((await conversation('tw:3')).entries).toEqual([]);
    expect(await listed(OTHER)).toBeNull();
  });

  it('an unsigned, badly signed or altered request is refused 403 and leaves no trace; the same message signed right goes in', async () => {
    const message = { From: `+${SHARED}`, Body: 'STOP', MessageSid: twilioMessageSid() };
    expect((await twilioPosts(message, { authToken: undefined })).status).toBe(403);
    expect((await twilioPosts(message, { authToken: 'not-the-auth-token' })).status).toBe(403);
    expect((await twilioPosts(message, { signedUrl: `https://elsewhere.example.com${path()}` })).status).toBe(403);
    // Signed for one text, carrying another: a stranger who saw one signed request cannot reuse its signature.
    const signed = twilioInboundRequest(message, { accountSid: SID, authToken: TOKEN, signedUrl: `${PUBLIC_URL}${path()}` });
    const altered = signed.rawBody.replace('Body=STOP', 'Body=START');
    expect((await relay.call('POST', path(), { role: null, rawBody: altered, headers: signed.headers })).status).toBe(403);

    expect(await listed(SHARED)).toBeNull();
    expect((await consentOf('tw:1')).current.granted).toBe(true);
    expect((await conversation('tw:1')).total).toBe(0);
    expect((await relay.call('GET', '/api/replies/unread')).body).toEqual({ count: 0, contacts: [] });

    expect((await twilioPosts(message)).status).toBe(200);
    expect(await listed(SHARED)).toMatchObject({ source: 'reply' });
    expect((await conversation('tw:1')).total).toBe(1);
    expect((await relay.call('GET', '/api/replies/unread')).body).toEqual({ count: 1, contacts: ['tw:1', 'tw:2'] });
  });

  it('a webhook Twilio delivers again (same MessageSid) is stored once and withdraws the consent once', async () => {
    const message = { From: `+${SHARED}`, Body: 'Отписаться', MessageSid: twilioMessageSid() };
    expect((await twilioPosts(message)).status).toBe(200);
    expect((await twilioPosts(message)).status).toBe(200);
    expect((await conversation('tw:1')).total).toBe(1);
    expect((await consentOf('tw:1')).history.map((r: { granted: boolean }) => r.granted)).toEqual([false, true]);
    // A new message with the same words is a new reply.
    expect((await twilioPosts({ ...message, MessageSid: twilioMessageSid() })).status).toBe(200);
    expect((await conversation('tw:1')).total).toBe(2);
  });

  it("Twilio's own OptOutType STOP lists the number whatever the words; its START takes it off", async () => {
    expect((await twilioPosts({ From: `+${OTHER}`, Body: 'please no more of these', OptOutType: 'STOP' })).status).toBe(200);
    expect(await listed(OTHER)).toMatchObject({ source: 'reply', addedBy: 'twilio' });
    expect((await consentOf('tw:3')).current).toMatchObject({ granted: false, source: 'reply' });
    expect((await twilioPosts({ From: `+${OTHER}`, Body: 'ok', OptOutType: 'START' })).status).toBe(200);
    expect(await listed(OTHER)).toBeNull();
    // Words that are no keyword, without OptOutType: a reply for a person, nothing more.
    expect((await twilioPosts({ From: `+${OTHER}`, Body: 'please no more of these' })).status).toBe(200);
    expect(await listed(OTHER)).toBeNull();
    expect((await conversation('tw:3')).entries.map((e: { reply: { keyword: string | null } }) => e.reply.keyword)).toEqual([null, 'start', 'stop']);
  });

  it("a START lifts the entry Twilio's own 21610 made (Twilio unblocks the number then), but not one an agent made", async () => {
    const at = '2026-11-24T10:00:00.000Z';
    await relay.store.stopList.add({ phone: OTHER, source: 'provider', addedAt: at, addedBy: 'twilio', reason: '21610' });
    await relay.store.stopList.add({ phone: SHARED, source: 'agent', addedAt: at, addedBy: 'anna' });
    expect((await twilioPosts({ From: `+${OTHER}`, Body: 'START' })).status).toBe(200);
    expect((await twilioPosts({ From: `+${SHARED}`, Body: 'START' })).status).toBe(200);
    expect(await listed(OTHER)).toBeNull();
    expect(await listed(SHARED)).toMatchObject({ source: 'agent', addedBy: 'anna' });
  });

  it('a wrong secret or provider in the path is 404, whatever its length or bytes, signed or not; the right one is taken', async () => {
    const secret = relay.store.callbackSecret;
    const wrong = [secret.slice(1), `${secret}x`, `${'ж'.repeat(secret.length / 2)}`, 'x'.repeat(secret.length), ''];
    for (const candidate of wrong.filter(Boolean)) {
      const to = path(encodeURIComponent(candidate));
      const answer = await twilioPosts({ From: `+${SHARED}`, Body: 'STOP' }, { to, signedUrl: `${PUBLIC_URL}${to}` });
      expect(answer.status, candidate).toBe(404);
    }
    const smsru = path(secret, 'smsru');
    expect((await twilioPosts({ From: `+${SHARED}`, Body: 'STOP' }, { to: smsru, signedUrl: `${PUBLIC_URL}${smsru}` })).status).toBe(404);
    expect(await listed(SHARED)).toBeNull();
    expect((await twilioPosts({ From: `+${SHARED}`, Body: 'STOP' })).status).toBe(200);
    expect(await listed(SHARED)).not.toBeNull();
  });

  it('says it passes on replies, and where Twilio should post them', async () => {
    const { body } = await relay.call('GET', '/api/provider');
    expect(body).toMatchObject({ capabilities: { replies: true }, noRepliesText: { ru: 'Этот провайдер не передаёт ответы на СМС' } });
    const settings = await relay.call('GET', '/api/provider/settings', { role: 'admin' });
    expect(settings.body.inboundUrl).toBe(`${PUBLIC_URL}${path()}`);
  });
});
