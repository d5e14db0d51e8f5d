import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startFakeTwilio, type FakeTwilio } from '../fakes/fake-twilio';
import { startTestRelay, type TestRelay } from '../support/relay-harness';

const SID = 'AC00000000000000000000000000000042';
const TOKEN = 'twilio-token-for-relay-test-000';

describe('the relay with Twilio (no cost preview)', () => {
  let fake: FakeTwilio;
  let relay: TestRelay;
  beforeAll(async () => {
    fake = await startFakeTwilio({ accountSid: SID, authToken: TOKEN, balance: '12.50', currency: 'USD' });
    relay = await startTestRelay({
      PROVIDER: 'twilio',
      TWILIO_ACCOUNT_SID: SID,
      TWILIO_AUTH_TOKEN: TOKEN,
      TWILIO_FROM: '+15005550006',
      TWILIO_BASE_URL: fake.url,
      PUBLIC_URL: 'https://relay.example.com',
      ALLOWED_COUNTRIES: '*',
    });
  });
  afterAll(async () => {
    await relay.dispose();
    await fake.close();
  });

  it("answers the cost question with 501 and the manual's notice", async () => {
    const { status, body } = await relay.call('POST', '/api/cost', { body: { to: '+79123456789', text: 'Hi' } });
    expect(status).toBe(501);
    expect(body.error).toMatchObject({ code: 'not_supported', messageRu: 'Данная функция недоступна у текущего оператора' });
    expect(body.error.message).toMatch(/^This function is not available for the current operator/);
    expect(fake.requests).toHaveLength(0);
  });

  it('says what it can do', async () => {
    const { body } = await relay.call('GET', '/api/provider');
    expect(body).toMatchObject({ id: 'twilio', capabilities: { cost: false, balance: true, batchSize: 1 } });
  });

  it('sends with a per-message status callback on the secret URL, and keys never show in answers', async () => {
    const { status, body } = await relay.call('POST', '/api/messages', { body: { to: '+44 7400 123456', text: 'Hello' } });
    expect(status).toBe(201);
    expect(fake.sent.at(-1)).toMatchObject({
      phone: '+447400123456',
      text: 'Hello',
      statusCallback: `https://relay.example.com/callbacks/twilio/${relay.store.callbackSecret}`,
    });
    const settings = await relay.call('GET', '/api/provider/settings', { role: 'admin' });
    for (const answer of [JSON.stringify(body), settings.text, (await relay.call('GET', '/api/provider')).text]) {
      expect(answer).not.toContain(TOKEN);
    }
  });

  it("reports the balance in the provider's currency", async () => {
    const { body } = await relay.call('GET', '/api/provider/balance', { role: 'marketer' });
    expect(body).toEqual({ balance: 12.5, currency: 'USD' });
  });
});
