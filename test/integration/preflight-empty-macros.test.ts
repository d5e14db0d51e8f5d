import { afterAll, beforeAll, describe, expect, it, vi } from 'vitest';
import { countSegments } from '../../shared/segments';
import { startFakeSmsRu, type FakeSmsRu } from '../fakes/fake-smsru';
import { startTestRelay, type TestRelay } from '../support/relay-harness';

let fake: FakeSmsRu;
let relay: TestRelay;

const TEXT = 'Здравствуйте, {{contact.firstName}}! Ваш заказ готов.';
const NAMED = ['Иван', 'Мария', 'Константин'];
const contacts = [
  ...NAMED.map((firstName, i) => ({
    crmId: `em:${i}`,
    snapshot: {
      name: `${firstName} Петров`,
      firstName,
      phones: [{ number: `+7912666000${i}`, type: 'mobile' as const }],
      ...(i === 0 ? { fields: { 'Дата заказа': '1 декабря' } } : {}),
    },
  })),
  // Added from a CRM list page: a name, no first name.
  { crmId: 'em:list', snapshot: { name: 'Айгуль Нурланова', phones: [{ number: '+79126660008', type: 'mobile' as const }] } },
  { crmId: 'em:bare', snapshot: { name: '', phones: [{ number: '+79126660009', type: 'mobile' as const }] } },
];
const ALL = contacts.map((c) => c.crmId);

async function mailing(name: string, text = TEXT, audience = ALL): Promise<string> {
  const created = await relay.call('POST', '/api/mailings', { role: 'marketer', body: { name, launchType: 'instant', text } });
  expect(created.status, JSON.stringify(created.body)).toBe(201);
  if (audience.length > 0) await relay.call('PUT', `/api/mailings/${created.body.id}/audience`, { role: 'marketer', body: { contacts: audience } });
  return created.body.id;
}

async function finished(id: string) {
  return vi.waitFor(
    async () => {
      const { body } = await relay.call('GET', `/api/mailings/${id}`, { role: 'marketer' });
      if (body.status !== 'finished') throw new Error(`mailing ${id} did not finish (${body.status})`);
      return body;
    },
    { timeout: 10_000, interval: 20 },
  );
}

beforeAll(async () => {
  fake = await startFakeSmsRu({ balance: 1_000_000 });
  relay = await startTestRelay({ PROVIDER: 'smsru', SMSRU_API_ID: fake.apiId, SMSRU_BASE_URL: fake.url, MAILING_RATE_PER_SECOND: '0', MAILING_RETRY_BASE_MS: '20' });
  const bulk = await relay.call('POST', '/api/contacts/bulk', { role: 'marketer', body: { contacts } });
  expect(bulk.status, JSON.stringify(bulk.body)).toBe(200);
});
afterAll(async () => {
  await relay?.dispose();
  await fake?.close();
});

describe('recipients whose text has an empty macro', () => {
  it('the pre-flight counts them, names a few and says so', async () => {
    const id = await mailing('Пустые макросы');
    const { body } = await relay.call('GET', `/api/mailings/${id}/preflight`, { role: 'marketer' });
    expect(body.recipients).toBe(5);
    expect(body.emptyMacros).toEqual({
      recipients: 2,
      macros: [{ path: 'contact.firstName', recipients: 2 }],
      examples: [
        { contactId: 'em:list', name: 'Айгуль Нурланова', macros: ['contact.firstName'] },
        { contactId: 'em:bare', name: 'em:bare', macros: ['contact.firstName'] },
      ],
    });
    const problem = body.problems.find((p: { code: string }) => p.code === 'empty_macro');
    expect(problem.messageRu).toBe('Получателей с пустым макросом («Имя») в тексте: 2 — Айгуль Нурланова, em:bare');
    expect(problem.message).toBe('2 recipient(s) would get a text with an empty macro (First name): Айгуль Нурланова, em:bare');
  });

  it('positive control: with every first name there, nothing is reported', async () => {
    const id = await mailing('Все с именем', TEXT, ['em:0', 'em:1']);
    const { body } = await relay.call('GET', `/api/mailings/${id}/preflight`, { role: 'marketer' });
    expect(body.emptyMacros).toEqual({ recipients: 0, macros: [], examples: [] });
    expect(body.problems).toEqual([]);
  });

  it('«Проверить» marks where the macro put nothing', async () => {
    const id = await mailing('Проверка пустого');
    const bare = await relay.call('POST', `/api/mailings/${id}/preview`, { role: 'marketer', body: { contactId: 'em:list' } });
    expect(bare.body).toMatchObject({
      text: 'Здравствуйте, ! Ваш заказ готов.',
      emptyMacros: ['contact.firstName'],
      pieces: [{ text: 'Здравствуйте, ' }, { emptyMacro: 'contact.firstName' }, { text: '! Ваш заказ готов.' }],
    });
    const named = await relay.call('POST', `/api/mailings/${id}/preview`, { role: 'marketer', body: { contactId: 'em:0' } });
    expect(named.body).toMatchObject({ text: 'Здравствуйте, Иван! Ваш заказ готов.', emptyMacros: [], pieces: [{ text: 'Здравствуйте, Иван! Ваш заказ готов.' }] });
  });

  it('skipped when the launch asks so: counted as «Пустой макрос», never sent', async () => {
    const id = await mailing('Пропустить пустые');
    const preflight = await relay.call('GET', `/api/mailings/${id}/preflight?skipEmptyMacros=true`, { role: 'marketer' });
    expect(preflight.body).toMatchObject({ recipients: 3, skipped: { empty_macro: 2 }, totalParts: 3 });
    expect(preflight.body.problems.map((p: { code: string }) => p.code)).not.toContain('empty_macro');

    const before = fake.sent.length;
    const launched = await relay.call('POST', `/api/mailings/${id}/launch`, { role: 'marketer', body: { skipEmptyMacros: true } });
    expect(launched.status, JSON.stringify(launched.body)).toBe(200);
    const done = await finished(id);
    expect(done.counters).toMatchObject({ total: 5, sent: 3, skipped: { empty_macro: 2 } });
    expect(
      fake.sent
        .slice(before)
        .map((s) => s.text)
        .sort(),
    ).toEqual(NAMED.map((n) => `Здравствуйте, ${n}! Ваш заказ готов.`).sort());
    const skipped = await relay.call('GET', `/api/mailings/${id}/recipients?status=skipped`, { role: 'marketer' });
    expect(skipped.body.recipients.map((r: { contactId: string; skipReason: string }) => [r.contactId, r.skipReason])).toEqual([
      ['em:list', 'empty_macro'],
      ['em:bare', 'empty_macro'],
    ]);
  });

  it('sent as they are when the launch does not ask to skip them (the marketer was told)', async () => {
    const id = await mailing('Отправить как есть', TEXT, ['em:0', 'em:list']);
    const before = fake.sent.length;
    expect((await relay.call('POST', `/api/mailings/${id}/launch`, { role: 'marketer' })).status).toBe(200);
    await finished(id);
    expect(
      fake.sent
        .slice(before)
        .map((s) => s.text)
        .sort(),
    ).toEqual(['Здравствуйте, ! Ваш заказ готов.', 'Здравствуйте, Иван! Ваш заказ готов.']);
  });

  it('the template\'s default fills them: {{contact.firstName}} becomes {{default contact.firstName "клиент"}}', async () => {
    const id = await mailing('По умолчанию', 'Здравствуйте, {{contact.firstName}}! {{ contact.firstName }}, ваш заказ готов.');
    const changed = await relay.call('POST', `/api/mailings/${id}/macro-defaults`, { role: 'marketer', body: { defaults: { 'contact.firstName': 'клиент' } } });
    expect(changed.status, JSON.stringify(changed.body)).toBe(200);
    expect(changed.body.text).toBe('Здравствуйте, {{default contact.firstName "клиент"}}! {{default contact.firstName "клиент"}}, ваш заказ готов.');
    const preflight = await relay.call('GET', `/api/mailings/${id}/preflight`, { role: 'marketer' });
    expect(preflight.body.emptyMacros.recipients).toBe(0);
    const preview = await relay.call('POST', `/api/mailings/${id}/preview`, { role: 'marketer', body: { contactId: 'em:list' } });
    expect(preview.body).toMatchObject({ text: 'Здравствуйте, клиент! клиент, ваш заказ готов.', emptyMacros: [] });
  });

  it("a custom field's default keeps the field written as it was, brackets and all", async () => {
    const id = await mailing('Доп. поле', 'Заказ от {{contact.fields.[Дата заказа]}} готов', ['em:0', 'em:1']);
    const before = await relay.call('GET', `/api/mailings/${id}/preflight`, { role: 'marketer' });
    expect(before.body.emptyMacros).toMatchObject({ recipients: 1, macros: [{ path: 'contact.fields.Дата заказа', recipients: 1 }] });
    expect(before.body.problems.find((p: { code: string }) => p.code === 'empty_macro').messageRu).toContain('(«Дата заказа»)');
    const changed = await relay.call('POST', `/api/mailings/${id}/macro-defaults`, { role: 'marketer', body: { defaults: { 'contact.fields.Дата заказа': 'вчера' } } });
    expect(changed.body.text).toBe('Заказ от {{default contact.fields.[Дата заказа] "вчера"}} готов');
    const preview = await relay.call('POST', `/api/mailings/${id}/preview`, { role: 'marketer', body: { contactId: 'em:1' } });
    expect(preview.body).toMatchObject({ text: 'Заказ от вчера готов', emptyMacros: [] });
  });

  it('a default for a macro the text does not have, or one holding a quote, is refused in words', async () => {
    const id = await mailing('Неверные умолчания');
    const absent = await relay.call('POST', `/api/mailings/${id}/macro-defaults`, { role: 'marketer', body: { defaults: { 'contact.city': 'город' } } });
    expect(absent.status).toBe(422);
    expect(absent.body.error).toMatchObject({ code: 'unknown_macro', messageRu: 'В тексте нет макроса «contact.city»' });
    const quoted = await relay.call('POST', `/api/mailings/${id}/macro-defaults`, { role: 'marketer', body: { defaults: { 'contact.firstName': 'наш "друг"' } } });
    expect(quoted.status).toBe(400);
    expect(quoted.body.error.field).toBe('defaults.contact.firstName');
    expect((await relay.call('GET', `/api/mailings/${id}`, { role: 'marketer' })).body.text).toBe(TEXT);
  });
});

describe('how long the messages are over the audience', () => {
  const shortest = countSegments('Здравствуйте, ! Ваш заказ готов.').characters;
  const longest = countSegments('Здравствуйте, Константин! Ваш заказ готов.').characters;

  it('the pre-flight gives shortest–longest, parts and encodings', async () => {
    const id = await mailing('Длины');
    const { body } = await relay.call('GET', `/api/mailings/${id}/preflight`, { role: 'marketer' });
    expect(body.lengths).toEqual({ characters: { min: shortest, max: longest }, parts: { min: 1, max: 1 }, encodings: ['UCS-2'] });
  });

  it('text-lengths measures the saved text, or a draft one, without asking the provider', async () => {
    const id = await mailing('Длины черновика');
    const costCalls = fake.calls('sms/cost').length;
    const saved = await relay.call('POST', `/api/mailings/${id}/text-lengths`, { role: 'marketer', body: {} });
    expect(saved.body).toEqual({ recipients: 5, lengths: { characters: { min: shortest, max: longest }, parts: { min: 1, max: 1 }, encodings: ['UCS-2'] } });
    const draft = await relay.call('POST', `/api/mailings/${id}/text-lengths`, { role: 'marketer', body: { text: 'Hi {{contact.firstName}} '.repeat(8) } });
    expect(draft.body.lengths).toEqual({
      characters: { min: 'Hi  '.length * 8, max: 'Hi Константин '.length * 8 },
      parts: { min: 1, max: 2 },
      encodings: ['GSM-7', 'UCS-2'],
    });
    expect(fake.calls('sms/cost').length).toBe(costCalls);
  });

  it('no audience, no lengths; a draft with an unknown macro is refused as on save', async () => {
    const id = await mailing('Без аудитории', TEXT, []);
    expect((await relay.call('POST', `/api/mailings/${id}/text-lengths`, { role: 'marketer', body: {} })).body).toEqual({ recipients: 0, lengths: null });
    const wrong = await relay.call('POST', `/api/mailings/${id}/text-lengths`, { role: 'marketer', body: { text: '{{contact.nickname}}' } });
    expect(wrong.status).toBe(422);
    expect(wrong.body.error.code).toBe('unknown_macro');
  });
});
