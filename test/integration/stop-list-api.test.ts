import { statSync } from 'node:fs';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Role } from '../../relay/store/tokens';
import { startFakeSmsRu, type FakeSmsRu } from '../fakes/fake-smsru';
import { faultyIo } from '../support/faulty-io';
import { startTestRelay, type TestRelay } from '../support/relay-harness';

let relay: TestRelay;

beforeAll(async () => {
  relay = await startTestRelay();
});
afterAll(async () => {
  await relay.dispose();
});

const stopListBytes = () => statSync(join(relay.dataDir, 'stop-list.jsonl')).size;
const add = (phone: string, role: Role = 'agent', reason?: string) => relay.call('POST', '/api/stop-list', { role, body: { phone, ...(reason ? { reason } : {}) } });

describe('the stop list API, by role', () => {
  // Each route and who may use it: an agent adds from a card and looks a number up, a marketer reads and
  // exports the list, only an admin removes; without a token nobody gets in.
  const routes: { name: string; method: string; path: () => string; body?: () => unknown; least: Role }[] = [
    { name: 'list', method: 'GET', path: () => '/api/stop-list', least: 'marketer' },
    { name: 'export', method: 'GET', path: () => '/api/stop-list.csv', least: 'marketer' },
    { name: 'add', method: 'POST', path: () => '/api/stop-list', body: () => ({ phone: '+7 912 000-11-01' }), least: 'agent' },
    { name: 'look up', method: 'GET', path: () => '/api/stop-list/79120001100', least: 'agent' },
    { name: 'remove', method: 'DELETE', path: () => '/api/stop-list/79120001100', body: () => ({ reason: 'проверка ролей' }), least: 'admin' },
  ];
  const ranks: Role[] = ['agent', 'marketer', 'admin'];

  it.each(routes)('$name ($method) is for $least and up; no token is 401', async (route) => {
    for (const role of [null, ...ranks] as (Role | null)[]) {
      // Something to look up and remove, every round: the removal of the round before took it off.
      await add('79120001100', 'admin');
      const reply = await relay.call(route.method, route.path(), { role, body: route.body?.() });
      const allowed = role !== null && ranks.indexOf(role) >= ranks.indexOf(route.least);
      const expected = role === null ? [401] : allowed ? [200, 201] : [403];
      expect(expected, `${route.name} as ${role}: ${reply.text.slice(0, 200)}`).toContain(reply.status);
      if (role !== null && !allowed) expect(reply.body.error).toMatchObject({ code: 'forbidden', message: expect.stringContaining(`"${route.least}"`) });
    }
  });

  it('the sandbox reply route is for admins only', async () => {
    const body = { from: '+79120001199', text: 'Привет' };
    expect((await relay.call('POST', '/api/provider/sandbox/replies', { role: null, body })).status).toBe(401);
    expect((await relay.call('POST', '/api/provider/sandbox/replies', { role: 'agent', body })).status).toBe(403);
    expect((await relay.call('POST', '/api/provider/sandbox/replies', { role: 'marketer', body })).status).toBe(403);
    expect(await relay.call('POST', '/api/provider/sandbox/replies', { role: 'admin', body })).toMatchObject({ status: 200, body: { keyword: null, stopList: null } });
  });
});

describe('adding, looking up, listing and removing', () => {
  it('an agent adds a number however it is written; it is kept as digits, once, with who added it and why', async () => {
    const first = await add('8 (912) 000-22-01', 'agent', 'попросил по телефону');
    expect(first.status).toBe(201);
    expect(first.body).toEqual({ phone: '79120002201', source: 'agent', addedAt: expect.any(String), addedBy: 'agent', reason: 'попросил по телефону' });

    const again = await add('+7 912 000 22 01', 'marketer', 'второй раз');
    expect(again.status).toBe(200);
    expect(again.body).toEqual(first.body);

    const found = await relay.call('GET', '/api/stop-list/%2B79120002201');
    expect(found.body).toEqual({
      phone: '79120002201',
      entry: first.body,
      history: [{ action: 'added', at: first.body.addedAt, by: 'agent', source: 'agent', reason: 'попросил по телефону' }],
    });
  });

  it("a foreign number is found by the list's own digits too", async () => {
    expect((await add('+44 7911 123456')).body).toMatchObject({ phone: '447911123456' });
    expect((await relay.call('GET', '/api/stop-list/447911123456')).body.entry).toMatchObject({ phone: '447911123456' });
    expect((await add('447911123456')).status).toBe(200);
  });

  it('lists the numbers newest first, pages them, finds them by digits and says how many match', async () => {
    for (const n of ['01', '02', '03']) expect((await add(`+791200033${n}`)).status).toBe(201);
    const page = await relay.call('GET', '/api/stop-list?q=912-000-33&limit=2', { role: 'marketer' });
    expect(page.body).toMatchObject({ total: 3, entries: [{ phone: '79120003303' }, { phone: '79120003302' }] });
    const next = await relay.call('GET', '/api/stop-list?q=9120003&offset=2&limit=2', { role: 'marketer' });
    expect(next.body).toMatchObject({ total: 3, entries: [{ phone: '79120003301' }] });
    expect((await relay.call('GET', '/api/stop-list?q=79999999', { role: 'marketer' })).body).toEqual({ total: 0, entries: [] });
  });

  it('an admin removes a number with a reason: it is off the list, and its history says who, when and why', async () => {
    await add('+79120004401');
    const removed = await relay.call('DELETE', '/api/stop-list/79120004401', { role: 'admin', body: { reason: 'клиент снова согласился' } });
    expect(removed.status).toBe(200);
    expect(removed.body).toMatchObject({
      phone: '79120004401',
      entry: null,
      history: [
        { action: 'added', by: 'agent', source: 'agent' },
        { action: 'removed', by: 'admin', reason: 'клиент снова согласился', at: expect.any(String) },
      ],
    });
    expect((await relay.call('GET', '/api/stop-list/79120004401')).body).toEqual(removed.body);
    expect((await relay.call('GET', '/api/stop-list?q=79120004401', { role: 'marketer' })).body.total).toBe(0);
  });

  it('exports the list as a formula-safe spreadsheet in the asked language', async () => {
    await add('+79120005501', 'agent', '=HYPERLINK("http://evil.example","нажми")');
    const csv = await relay.call('GET', '/api/stop-list.csv?lang=ru', { role: 'marketer' });
    expect(csv.status).toBe(200);
    const lines = csv.text.replace(/^\uFEFF/, '').split('\r\n');
    expect(lines[0]).toBe('Номер;Цифры номера;Источник;Добавлен (UTC);Кем добавлен;Причина');
    const row = lines.find((line) => line.includes('79120005501'))!;
    expect(row).toMatch(/^'\+7 912 000 55 01;79120005501;Сотрудник из карточки;\d\d\.\d\d\.\d{4} \d\d:\d\d:\d\d;agent;"'=HYPERLINK/);
    const english = await relay.call('GET', '/api/stop-list.csv', { role: 'marketer', headers: { 'accept-language': 'en-GB,en;q=0.9' } });
    expect(english.text.replace(/^\uFEFF/, '').split('\r\n')[0]).toBe('Number,Digits,Source,Added (UTC),Added by,Reason');
  });
});

describe('bad input is refused in words and writes nothing', () => {
  let fresh = 0;
  it.each([
    ['POST', '/api/stop-list', { phone: '12345' }, 'phone', /Field "phone": "12345" is too short/],
    ['POST', '/api/stop-list', { phone: 'позвоните мне' }, 'phone', /Field "phone": .* is not a phone number/],
    ['POST', '/api/stop-list', {}, 'phone', /Field "phone": is required/],
    ['POST', '/api/stop-list', { phone: '+79120006601', source: 'csv' }, 'source', /Field "source" is not known; allowed: phone, reason/],
    ['POST', '/api/stop-list', { phone: '+79120006601', reason: 'x'.repeat(501) }, 'reason', /at most 500 characters/],
    ['DELETE', '/api/stop-list/79120006600', undefined, 'reason', /Field "reason": is required: say why/],
    ['DELETE', '/api/stop-list/79120006600', { reason: '   ' }, 'reason', /must not be empty/],
    ['DELETE', '/api/stop-list/not-a-number', { reason: 'x' }, 'phone', /Field "phone": .* is not a phone number/],
    ['GET', '/api/stop-list/12', undefined, 'phone', /too short/],
  ])('%s %s %j → 400 naming "%s"', async (method, path, body, field, message) => {
    expect((await add('+79120006600')).status).toBeLessThan(300);
    const before = stopListBytes();
    const reply = await relay.call(method, path, { role: 'admin', body });
    expect(reply.status, reply.text).toBe(400);
    expect(reply.body.error).toMatchObject({ field, message: expect.stringMatching(message) });
    expect(stopListBytes()).toBe(before);
    // Positive control: the same file does grow with a good request.
    expect((await add(`+7912000${6700 + fresh++}`)).status).toBe(201);
    expect(stopListBytes()).toBeGreaterThan(before);
  });

  it('a phone refusal is also in Russian', async () => {
    expect((await add('12345')).body.error.messageRu).toBe('Номер слишком короткий');
  });

  it.each([
    ['/api/stop-list?limit=0', 'limit'],
    ['/api/stop-list?limit=5000', 'limit'],
    ['/api/stop-list?offset=-1', 'offset'],
    ['/api/stop-list?q=ivanov', 'q'],
    ['/api/stop-list?sort=phone', 'sort'],
    ['/api/stop-list.csv?lang=de', 'lang'],
  ])('GET %s → 400 naming "%s"', async (path, field) => {
    const reply = await relay.call('GET', path, { role: 'marketer' });
    expect(reply.status, reply.text).toBe(400);
    expect(reply.body.error.field).toBe(field);
  });

  it('a number that is not on the list is 404 to look up or remove, in words', async () => {
    const before = stopListBytes();
    const look = await relay.call('GET', '/api/stop-list/+79120007701');
    expect(look).toMatchObject({ status: 404, body: { error: { code: 'not_found', message: 'No number 79120007701 on the stop list' } } });
    const remove = await relay.call('DELETE', '/api/stop-list/79120007701', { role: 'admin', body: { reason: 'нет его' } });
    expect(remove.status).toBe(404);
    expect(stopListBytes()).toBe(before);
  });

  it.each([
    [{ from: '+79120008801' }, 'text', /Field "text": is required/],
    [{ text: 'STOP' }, 'from', /Field "from": is required/],
    [{ from: '123', text: 'STOP' }, 'from', /Field "from": "123" is too short/],
  ])('a sandbox reply %j → 400 naming "%s"', async (body, field, message) => {
    const before = stopListBytes();
    const reply = await relay.call('POST', '/api/provider/sandbox/replies', { role: 'admin', body });
    expect(reply.status, reply.text).toBe(400);
    expect(reply.body.error).toMatchObject({ field, message: expect.stringMatching(message) });
    expect(stopListBytes()).toBe(before);
  });
});

describe('sandbox replies', () => {
  const reply = (from: string, text: string) => relay.call('POST', '/api/provider/sandbox/replies', { role: 'admin', body: { from, text } });

  it('«СТОП» puts the number on the list as a reply; «Старт» takes it off again', async () => {
    const stop = await reply('8 912 000-99-01', 'СТОП!');
    expect(stop.body).toEqual({
      keyword: 'stop',
      stopList: { phone: '79120009901', source: 'reply', addedAt: expect.any(String), addedBy: 'sandbox', reason: '«СТОП!»' },
      reply: expect.objectContaining({ provider: 'sandbox', from: '79120009901', text: 'СТОП!', keyword: 'stop' }),
    });
    expect((await reply('+79120009901', 'CTOП')).body.stopList).toEqual(stop.body.stopList);
    const start = await reply('+79120009901', 'Старт');
    expect(start.body).toEqual({ keyword: 'start', stopList: null, reply: expect.objectContaining({ text: 'Старт', keyword: 'start' }) });
    const history = (await relay.call('GET', '/api/stop-list/79120009901')).body.history;
    expect(history).toEqual([
      { action: 'added', at: expect.any(String), by: 'sandbox', source: 'reply', reason: '«СТОП!»' },
      { action: 'removed', at: expect.any(String), by: 'sandbox', reason: '«Старт»' },
    ]);
  });

  it('START leaves a number an agent listed on the list; other words change nothing', async () => {
    const listed = (await add('+79120009902', 'agent', 'просил в чате')).body;
    expect((await reply('+79120009902', 'START')).body).toEqual({ keyword: 'start', stopList: listed, reply: expect.objectContaining({ keyword: 'start' }) });
    expect((await reply('+79120009903', 'не стоп')).body).toEqual({ keyword: null, stopList: null, reply: expect.objectContaining({ text: 'не стоп', keyword: null }) });
    expect((await relay.call('GET', '/api/stop-list/79120009903')).status).toBe(404);
    // Positive control: the same number does get listed by a keyword.
    expect((await reply('+79120009903', 'stop')).body).toMatchObject({ keyword: 'stop', stopList: { phone: '79120009903' } });
  });
});

describe('another provider than the sandbox', () => {
  let fake: FakeSmsRu;
  let smsru: TestRelay;
  beforeAll(async () => {
    fake = await startFakeSmsRu();
    smsru = await startTestRelay({ PROVIDER: 'smsru', SMSRU_API_ID: fake.apiId, SMSRU_BASE_URL: fake.url });
  });
  afterAll(async () => {
    await smsru.dispose();
    await fake.close();
  });

  it('simulates no replies: 404 in words, and the list is untouched', async () => {
    // A number on the list first, so that "untouched" can be told from "always empty".
    expect((await smsru.call('POST', '/api/stop-list', { role: 'agent', body: { phone: '+79120009905' } })).status).toBe(201);
    const answer = await smsru.call('POST', '/api/provider/sandbox/replies', { role: 'admin', body: { from: '+79120009904', text: 'STOP' } });
    expect(answer.status).toBe(404);
    expect(answer.body.error).toMatchObject({ message: expect.stringContaining('Only the sandbox provider can simulate replies'), messageRu: expect.any(String) });
    const after = (await smsru.call('GET', '/api/stop-list', { role: 'marketer' })).body;
    expect(after.entries.map((e: { phone: string }) => e.phone)).toEqual(['79120009905']);
  });
});

describe('a disk that refuses the write', () => {
  it('answers 503 in words and changes nothing; the same add goes through once the disk has room', async () => {
    const io = faultyIo();
    const failing = await startTestRelay({}, { io });
    try {
      io.fail({ code: 'ENOSPC', path: (path) => path.endsWith('stop-list.jsonl') });
      const refused = await failing.call('POST', '/api/stop-list', { body: { phone: '+79120009951' } });
      expect(refused.status).toBe(503);
      expect(refused.body.error).toMatchObject({
        code: 'storage_unwritable',
        message: expect.stringContaining('disk full; nothing was changed'),
        messageRu: expect.any(String),
      });
      expect((await failing.call('GET', '/api/stop-list/79120009951')).status).toBe(404);
      expect((await failing.call('POST', '/api/messages', { body: { to: '+79120009951', text: 'ok' } })).status).toBe(201);

      io.heal();
      expect((await failing.call('POST', '/api/stop-list', { body: { phone: '+79120009951' } })).status).toBe(201);
      expect((await failing.call('GET', '/api/stop-list/79120009951')).status).toBe(200);
    } finally {
      await failing.dispose();
    }
  });
});
