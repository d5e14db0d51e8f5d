import { connect } from 'node:net';
import { readdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startFakeSmsRu, type FakeSmsRu } from '../fakes/fake-smsru';
import { waitUntilSettled } from '../support/mailing-run';
import { startTestRelay, type TestRelay } from '../support/relay-harness';

// Small ways to get a 500, a stored control character, a spreadsheet formula or a held connection
// out of the relay, each tried as an outsider would.

let fake: FakeSmsRu;
let relay: TestRelay;

beforeAll(async () => {
  fake = await startFakeSmsRu({ balance: 1_000_000 });
  relay = await startTestRelay({ PROVIDER: 'smsru', SMSRU_API_ID: fake.apiId, SMSRU_BASE_URL: fake.url, MAILING_RATE_PER_SECOND: '0', REQUEST_TIMEOUT_SECONDS: '1' });
});
afterAll(async () => {
  await relay.dispose();
  await fake.close();
});

describe('callbacks', () => {
  it('a "secret" of the right length in multi-byte characters is a 404, not a 500 with a stack trace', async () => {
    const secret = relay.store.callbackSecret;
    const lookalike = 'ж'.repeat(secret.length);
    const response = await fetch(`${relay.url}/callbacks/smsru/${encodeURIComponent(lookalike)}`, { method: 'POST', body: 'data[0]=x' });
    expect(response.status).toBe(404);
    expect(await response.text()).not.toMatch(/at |Error/);
    // Positive control: the real secret is taken.
    expect((await fetch(`${relay.url}/callbacks/smsru/${secret}`, { method: 'POST', body: 'data[0]=x' })).status).toBe(200);
  });
});

describe('deeply nested bodies', () => {
  const deep = (depth: number) => '['.repeat(depth) + ']'.repeat(depth);
  it.each([
    ['a group count whose combinator nests 5,000 arrays', '/api/groups/count', `{"filter":{"combinator":${deep(5000)},"rules":[]}}`],
    [
      'a group whose filter nests 5,000 groups',
      '/api/groups',
      `{"name":"g","kind":"dynamic","filter":${'{"combinator":"and","rules":['.repeat(5000)}${']}'.repeat(5000)}}`,
    ],
    ['a contact snapshot nesting 100,000 arrays', '/api/contacts/bulk', `{"contacts":[{"crmId":"x:1","snapshot":{"name":${deep(100_000)}}}]}`],
  ])('%s is a 400 in words, not a 500', async (_what, path, rawBody) => {
    const reply = await relay.call('POST', path, { role: 'marketer', rawBody, headers: { 'content-type': 'application/json' } });
    expect(reply.status).toBe(400);
    expect(reply.body.error).toMatchObject({ code: 'too_deep', message: expect.stringContaining('more than 32 levels deep') });
  });

  it('brackets inside strings do not count, and ordinary bodies still go through', async () => {
    const name = '[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[{{{{{{{{{{{{';
    const reply = await relay.call('POST', '/api/contacts/bulk', { role: 'marketer', body: { contacts: [{ crmId: 'deep:1', snapshot: { name, phones: [] } }] } });
    expect(reply.status).toBe(200);
    expect(relay.store.contacts.get('deep:1')?.name).toBe(name);
  });
});

describe('ids', () => {
  it.each([
    ['NUL', 'crm:a\u0000b'],
    ['a newline', 'crm:a\nb'],
    ['an escape', 'crm:\u001b[31m'],
    ['a C1 control', 'crm:\u0085x'],
  ])('a crmId with %s is refused in words and nothing is stored', async (_what, crmId) => {
    const before = relay.store.contacts.size;
    const reply = await relay.call('POST', '/api/contacts/bulk', { role: 'marketer', body: { contacts: [{ crmId, snapshot: { name: 'X', phones: [] } }] } });
    expect(reply.status).toBe(400);
    expect(reply.body.error.message).toMatch(/crmId.*must not contain/);
    expect(relay.store.contacts.size).toBe(before);
  });
});

describe('the recipients CSV', () => {
  it('writes names that start like a formula as text', async () => {
    const contacts = ['=HYPERLINK("http://evil.example","click")', '+1+1', '-2+3', '@SUM(A1)'].map((name, i) => ({
      crmId: `formula:${i}`,
      snapshot: { name, phones: [{ number: `+7915000000${i}`, type: 'mobile' as const }] },
    }));
    expect((await relay.call('POST', '/api/contacts/bulk', { role: 'marketer', body: { contacts } })).status).toBe(200);
    const mailing = (await relay.call('POST', '/api/mailings', { role: 'marketer', body: { name: 'CSV', launchType: 'instant', text: 'Привет' } })).body;
    await relay.call('PUT', `/api/mailings/${mailing.id}/audience`, { role: 'marketer', body: { contacts: contacts.map((c) => c.crmId), groups: [] } });
    expect((await relay.call('POST', `/api/mailings/${mailing.id}/launch`, { role: 'marketer' })).status).toBe(200);
    await waitUntilSettled(relay, mailing.id, ['finished']);
    const csv = (await relay.call('GET', `/api/mailings/${mailing.id}/recipients.csv?format=raw`, { role: 'marketer' })).text;
    const names = csv
      .trim()
      .split('\n')
      .slice(1)
      .map((line) => line.split(',')[1]!);
    for (const name of names) expect(name).toMatch(/^"?'/);
    expect(csv).toContain(`'+1+1`);
  });
});

describe('slow clients', () => {
  it('a request body that trickles in is cut off after REQUEST_TIMEOUT_SECONDS, and the relay keeps serving', async () => {
    const port = Number(new URL(relay.url).port);
    const closedAfter = await new Promise<number>((resolve) => {
      const socket = connect(port, '127.0.0.1');
      const started = Date.now();
      const drip = setInterval(() => socket.write(' '), 200);
      const giveUp = setTimeout(() => socket.destroy(), 8000);
      socket.on('error', () => {});
      socket.on('close', () => {
        clearInterval(drip);
        clearTimeout(giveUp);
        resolve(Date.now() - started);
      });
      socket.write(
        `POST /api/contacts/bulk HTTP/1.1\r\nHost: 127.0.0.1\r\nAuthorization: Bearer ${relay.tokens.marketer}\r\nContent-Type: application/json\r\nContent-Length: 1000\r\n\r\n{`,
      );
    });
    expect(closedAfter).toBeLessThan(4000);
    expect((await fetch(`${relay.url}/health`)).status).toBe(200);
  });
});

describe('files after all of the above', () => {
  it('hold no control characters from refused ids', () => {
    const files = readdirSync(relay.dataDir).filter((f) => f.endsWith('.json') || f.endsWith('.jsonl'));
    for (const file of files) expect(readFileSync(join(relay.dataDir, file), 'utf8')).not.toMatch(/crm:a\\u0000b|crm:a\\nb/);
  });
});
