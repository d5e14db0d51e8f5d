import { readFile } from 'node:fs/promises';
import { connect } from 'node:net';
import { join } from 'node:path';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { startTestRelay, type TestRelay } from '../support/relay-harness';

let relay: TestRelay;
// A fresh relay per test: each test creates the contacts and messages it looks at, and sees no other's.
beforeEach(async () => {
  relay = await startTestRelay({ SANDBOX_SENT_AFTER_MS: '0', SANDBOX_DELIVERED_AFTER_MS: '0', SANDBOX_FAIL_RATE: '0', BODY_LIMIT_BYTES: '4096' });
});
afterEach(() => relay.dispose());

const messagesOnDisk = async () => JSON.parse(await readFile(join(relay.dataDir, 'messages.json'), 'utf8')).messages as unknown[];

describe('health and routing', () => {
  it('answers /health without a token', async () => {
    const { status, body } = await relay.call('GET', '/health', { role: null });
    expect(status).toBe(200);
    expect(body).toEqual({ status: 'ok', provider: 'sandbox' });
  });

  it('answers an unknown route with 404 and the route named', async () => {
    const { status, body } = await relay.call('GET', '/api/nothing-here');
    expect(status).toBe(404);
    expect(body.error).toEqual({ code: 'not_found', message: 'No route GET /api/nothing-here' });
  });
});

describe('auth', () => {
  it('refuses /api without a token, saying how to get one', async () => {
    const { status, body } = await relay.call('GET', '/api/provider', { role: null });
    expect(status).toBe(401);
    expect(body.error.code).toBe('unauthorized');
    expect(body.error.message).toMatch(/Authorization: Bearer/);
  });

  it('refuses a wrong token and a malformed header', async () => {
    expect((await relay.call('GET', '/api/provider', { token: 'crmsms_wrong' })).status).toBe(401);
    const malformed = await relay.call('GET', '/api/provider', { role: null, headers: { authorization: 'Token abc' } });
    expect(malformed.status).toBe(401);
    expect(malformed.body.error.message).toMatch(/must be "Bearer <token>"/);
  });

  it('refuses a role that is too low and names the role needed', async () => {
    const { status, body } = await relay.call('GET', '/api/provider/balance', { role: 'agent' });
    expect(status).toBe(403);
    expect(body.error.message).toBe('This needs the role "marketer" or higher; the token of "agent" has "agent"');
    expect((await relay.call('GET', '/api/provider/settings', { role: 'marketer' })).status).toBe(403);
    expect((await relay.call('GET', '/api/provider/settings', { role: 'admin' })).status).toBe(200);
  });

  it('stops accepting a revoked token at once', async () => {
    const { token, record } = await relay.store.tokens.create('temp', 'agent', new Date());
    expect((await relay.call('GET', '/api/provider', { token })).status).toBe(200);
    await relay.store.tokens.revoke({ id: record.id }, new Date());
    expect((await relay.call('GET', '/api/provider', { token })).status).toBe(401);
  });

  it('stores tokens hashed, never in clear', async () => {
    const file = await readFile(join(relay.dataDir, 'tokens.json'), 'utf8');
    for (const token of Object.values(relay.tokens)) expect(file).not.toContain(token);
  });
});

describe('provider routes on the sandbox', () => {
  it('lists the provider and its capabilities', async () => {
    const { body } = await relay.call('GET', '/api/provider');
    expect(body.id).toBe('sandbox');
    expect(body.capabilities).toMatchObject({ cost: true, balance: true, check: true, callbacks: false, batchSize: 100 });
    expect(body.notSupportedText.ru).toBe('Данная функция недоступна у текущего оператора');
  });

  it('checks availability: relay, token and provider', async () => {
    const { status, body } = await relay.call('POST', '/api/provider/check');
    expect(status).toBe(200);
    expect(body).toEqual({ relay: 'ok', token: 'ok', user: { name: 'agent', role: 'agent' }, provider: { id: 'sandbox', credentials: 'ok' } });
  });

  it('reports the balance to a marketer', async () => {
    const { status, body } = await relay.call('GET', '/api/provider/balance', { role: 'marketer' });
    expect(status).toBe(200);
    expect(body.currency).toBe('RUB');
    expect(body.balance).toBeGreaterThan(0);
  });

  it('prices a Cyrillic text by parts', async () => {
    const { status, body } = await relay.call('POST', '/api/cost', { body: { to: '8 (912) 345-67-89', text: 'Привет! '.repeat(10) } });
    expect(status).toBe(200);
    expect(body).toEqual({ cost: 5, currency: 'RUB', parts: 2, localParts: 2, encoding: 'UCS-2' });
  });
});

describe('sending one SMS', () => {
  it('normalises the number, sends, stores and lists the message', async () => {
    const sent = await relay.call('POST', '/api/messages', {
      body: { to: '+7 912 345-67-89', text: 'Привет', contact: { crmId: 'demo:1', name: 'Иван Петров' } },
    });
    expect(sent.status).toBe(201);
    expect(sent.body).toMatchObject({
      contact: { crmId: 'demo:1', name: 'Иван Петров' },
      phone: '79123456789',
      text: 'Привет',
      parts: 1,
      encoding: 'UCS-2',
      provider: 'sandbox',
      status: 'queued',
      cost: 2.5,
      currency: 'RUB',
      mailing: null,
      sentBy: 'agent',
      error: null,
    });
    expect(sent.body.providerMessageId).toMatch(/^sbx-/);

    const second = await relay.call('POST', '/api/messages', { body: { to: '89123456789', text: 'Second', contact: { crmId: 'demo:1' } } });
    const listed = await relay.call('GET', '/api/messages?contactId=demo:1');
    expect(listed.body.messages.map((m: { id: string }) => m.id)).toEqual([second.body.id, sent.body.id]);

    const outbox = await relay.call('GET', '/api/provider/outbox', { role: 'admin' });
    expect(outbox.body.messages.at(-1)).toMatchObject({ to: '79123456789', text: 'Second' });
  });

  it('accepts JSON sent by curl -d (form content type)', async () => {
    const { status, body } = await relay.call('POST', '/api/messages', {
      rawBody: JSON.stringify({ to: '9123456789', text: 'curl' }),
      headers: { 'content-type': 'application/x-www-form-urlencoded' },
    });
    expect(status).toBe(201);
    expect(body.phone).toBe('79123456789');
  });
});

describe('GET /api/me', () => {
  it('says whose token it is and its role, and asks no provider; without a token it is 401', async () => {
    for (const role of ['agent', 'marketer', 'admin'] as const) {
      expect((await relay.call('GET', '/api/me', { role })).body).toEqual({ name: role, role });
    }
    expect((await relay.call('GET', '/api/me', { role: null })).status).toBe(401);
  });
});

describe('a URL with raw Cyrillic (curl "…?q=Иван")', () => {
  it('is answered with a 400 that says to percent-encode it, not an empty one', async () => {
    const { port } = new URL(relay.url);
    const raw = await new Promise<string>((resolve, reject) => {
      const socket = connect(Number(port), '127.0.0.1', () => socket.write(Buffer.from(`GET /api/contacts?q=Иван HTTP/1.1\r\nHost: 127.0.0.1\r\n\r\n`, 'utf8')));
      let answer = '';
      socket.on('data', (chunk) => (answer += chunk));
      socket.on('end', () => resolve(answer));
      socket.on('error', reject);
    });
    expect(raw).toMatch(/^HTTP\/1\.1 400/);
    const body = JSON.parse(raw.slice(raw.indexOf('\r\n\r\n') + 4));
    expect(body.error.code).toBe('invalid_url');
    expect(body.error.message).toMatch(/percent-encoded.*--data-urlencode/);
  });
});

describe('bad input is refused in words and nothing is stored', () => {
  // The messages file is written with the first message: one good SMS first, so "nothing is stored" compares the file before and after.
  beforeEach(async () => {
    expect((await relay.call('POST', '/api/messages', { body: { to: '+79123456789', text: 'Before' } })).status).toBe(201);
    expect(await messagesOnDisk()).toHaveLength(1);
  });

  const cases: [string, { body?: unknown; rawBody?: string }, number, string, RegExp][] = [
    ['empty text', { body: { to: '+79123456789', text: '   ' } }, 400, 'invalid_request', /Field "text": must not be empty/],
    ['missing text', { body: { to: '+79123456789' } }, 400, 'invalid_request', /Field "text": is required/],
    ['text over the part limit', { body: { to: '+79123456789', text: 'я'.repeat(67 * 8 + 1) } }, 422, 'text_too_long', /9 SMS parts .* at most 8/],
    ['invalid phone', { body: { to: '12345', text: 'Hi' } }, 422, 'invalid_phone', /Field "to": .*short/i],
    ['empty phone', { body: { to: '', text: 'Hi' } }, 400, 'invalid_request', /Field "to": must not be empty/],
    ['foreign phone', { body: { to: '+44 7400 123456', text: 'Hi' } }, 422, 'invalid_phone', /United Kingdom \(GB\); allowed countries: RU, KZ, BY/],
    ['missing phone', { body: { text: 'Hi' } }, 400, 'invalid_request', /Field "to": is required/],
    ['landline', { body: { to: '+7 495 123-45-67', text: 'Hi' } }, 422, 'invalid_phone', /mobile/i],
    ['malformed JSON', { rawBody: '{"to": "+79123456789", "text": ' }, 400, 'malformed_json', /not valid JSON/],
    ['empty body', { rawBody: '' }, 400, 'malformed_json', /empty/],
    ['unknown field', { body: { to: '+79123456789', text: 'Hi', priority: 'high' } }, 400, 'unknown_field', /"priority" is not known; allowed: to, text, contact/],
    ['wrong type', { body: { to: 79123456789, text: 'Hi' } }, 400, 'invalid_request', /Field "to": must be a phone number as a string/],
  ];
  it.each(cases)('%s', async (_name, request, status, code, message) => {
    const before = (await messagesOnDisk()).length;
    const response = await relay.call('POST', '/api/messages', request);
    expect(response.status).toBe(status);
    expect(response.body.error.code).toBe(code);
    expect(response.body.error.message).toMatch(message);
    expect(await messagesOnDisk()).toHaveLength(before);
  });

  it('refuses an oversized body with 413', async () => {
    const { status, body } = await relay.call('POST', '/api/messages', { body: { to: '+79123456789', text: 'x'.repeat(5000) } });
    expect(status).toBe(413);
    expect(body.error).toEqual({ code: 'payload_too_large', message: 'The request body is larger than the limit of 4096 bytes' });
  });

  it('gives the Russian phone reason too', async () => {
    const { body } = await relay.call('POST', '/api/messages', { body: { to: 'abc', text: 'Hi' } });
    expect(body.error.messageRu).toBeTruthy();
    expect(body.error.field).toBe('to');
  });
});

describe('contacts', () => {
  const snapshot = {
    name: 'Мария Сидорова',
    firstName: 'Мария',
    lastName: 'Сидорова',
    phones: [
      { number: '8 (912) 000-11-22', type: 'mobile' },
      { number: '123', type: 'work' },
    ],
    doNotUseSms: true,
    account: 'Ромашка',
    owner: 'Иванов',
    source: { adapter: 'demo', origin: 'http://127.0.0.1:8787' },
  };

  it('creates, then leaves unchanged, then updates a snapshot', async () => {
    const created = await relay.call('PUT', '/api/contacts/demo:42', { body: snapshot });
    expect(created.status).toBe(201);
    expect(created.body.contact.phones).toEqual([
      { number: '8 (912) 000-11-22', type: 'mobile', digits: '79120001122', invalidReason: null, country: 'RU' },
      { number: '123', type: 'work', digits: null, invalidReason: 'too_short', country: null },
    ]);
    const again = await relay.call('PUT', '/api/contacts/demo:42', { body: { ...snapshot } });
    expect(again.status).toBe(200);
    expect(again.body.changed).toBe(false);
    expect(again.body.contact.updatedAt).toBe(created.body.contact.updatedAt);
    const moved = await relay.call('PUT', '/api/contacts/demo:42', { body: { ...snapshot, account: 'Лютик' } });
    expect(moved.body).toMatchObject({ changed: true, created: false, contact: { account: 'Лютик', doNotUseSms: true } });
  });

  it('finds contacts by name, account and phone digits', async () => {
    expect((await relay.call('PUT', '/api/contacts/demo:42', { body: snapshot })).status).toBe(201);
    await relay.call('PUT', '/api/contacts/demo:43', { body: { name: 'Пётр Лютиков', phones: [{ number: '+79125556677' }] } });
    const byName = await relay.call('GET', `/api/contacts?q=${encodeURIComponent('мария')}`);
    expect(byName.body.contacts.map((c: { crmId: string }) => c.crmId)).toEqual(['demo:42']);
    const byPhone = await relay.call('GET', '/api/contacts?q=555-66');
    expect(byPhone.body.contacts.map((c: { crmId: string }) => c.crmId)).toEqual(['demo:43']);
    expect((await relay.call('GET', '/api/contacts/demo:43')).body.name).toBe('Пётр Лютиков');
    expect((await relay.call('GET', '/api/contacts/demo:404')).status).toBe(404);
  });

  // A snapshot without a name is a contact all the same (test/integration/nameless-contact.test.ts).
  it('refuses a snapshot whose name is not text, naming the field', async () => {
    const { status, body } = await relay.call('PUT', '/api/contacts/demo:44', { body: { name: ['Мария'], phones: [] } });
    expect(status).toBe(400);
    expect(body.error.message).toMatch(/^Field "name": /);
    expect((await relay.call('GET', '/api/contacts/demo:44')).status).toBe(404);
  });
});

describe('CORS', () => {
  it('allows extension origins and refuses other web pages', async () => {
    const preflight = (origin: string) =>
      fetch(`${relay.url}/api/messages`, {
        method: 'OPTIONS',
        headers: { origin, 'access-control-request-method': 'POST', 'access-control-request-headers': 'authorization,content-type' },
      });
    expect((await preflight('chrome-extension://abcdefghijklmnop')).headers.get('access-control-allow-origin')).toBe('chrome-extension://abcdefghijklmnop');
    expect((await preflight('moz-extension://1234-5678')).headers.get('access-control-allow-origin')).toBe('moz-extension://1234-5678');
    expect((await preflight('https://evil.example')).headers.get('access-control-allow-origin')).toBeNull();
  });
});
