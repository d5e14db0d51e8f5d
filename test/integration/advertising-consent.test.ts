import { existsSync } from 'node:fs';
import { readFile, rm, writeFile } from 'node:fs/promises';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { ContactSnapshot } from '../../shared/api';
import { startFakeSmsRu, type FakeSmsRu } from '../fakes/fake-smsru';
import { startTestRelay, type TestRelay } from '../support/relay-harness';
import { faultyIo } from '../support/faulty-io';
import { until } from '../support/wait';

let fake: FakeSmsRu;
let relay: TestRelay;

const env = (extra: Record<string, string> = {}) => ({
  PROVIDER: 'smsru',
  SMSRU_API_ID: fake.apiId,
  SMSRU_BASE_URL: fake.url,
  MAILING_RATE_PER_SECOND: '0',
  ...extra,
});

const PREFIXES = ['roles', 'bad', 'ad', 'mid'] as const;
/** The mobile of contact "<prefix>:i", as the provider gets it. */
const phoneOf = (prefix: (typeof PREFIXES)[number], i: number) => `7913${PREFIXES.indexOf(prefix) + 1}${String(i).padStart(6, '0')}`;

/** n contacts "<prefix>:i" with distinct mobiles. */
const people = (prefix: (typeof PREFIXES)[number], n: number) =>
  Array.from({ length: n }, (_, i) => ({
    crmId: `${prefix}:${i}`,
    snapshot: { name: `Клиент ${prefix} ${i}`, phones: [{ number: `+${phoneOf(prefix, i)}`, type: 'mobile' }] } satisfies ContactSnapshot,
  }));

async function addContacts(target: TestRelay, list: { crmId: string; snapshot: ContactSnapshot }[]) {
  const { status, body } = await target.call('POST', '/api/contacts/bulk', { role: 'marketer', body: { contacts: list } });
  expect(status, JSON.stringify(body)).toBe(200);
}

const consent = (target: TestRelay, crmId: string, body: unknown, role: 'agent' | 'marketer' | 'admin' = 'agent') =>
  target.call('PUT', `/api/contacts/${encodeURIComponent(crmId)}/consent`, { role, body });

async function mailingTo(target: TestRelay, kind: string | undefined, crmIds: string[]) {
  const created = await target.call('POST', '/api/mailings', {
    role: 'marketer',
    body: { name: `Рассылка ${kind ?? 'default'}`, launchType: 'instant', text: 'Скидка 10%', kind },
  });
  expect(created.status, JSON.stringify(created.body)).toBe(201);
  const group = await target.call('POST', '/api/groups', { role: 'marketer', body: { name: `Группа ${created.body.id}`, kind: 'static', contacts: crmIds } });
  expect(group.status, JSON.stringify(group.body)).toBe(201);
  await target.call('PUT', `/api/mailings/${created.body.id}/audience`, { role: 'marketer', body: { groups: [group.body.id] } });
  return created.body.id as string;
}

const finished = (target: TestRelay, id: string) =>
  until(`mailing ${id} finished`, async () => {
    const { body } = await target.call('GET', `/api/mailings/${id}`, { role: 'marketer' });
    return body.status === 'finished' && body;
  });

const consentsFile = () => join(relay.dataDir, 'consents.jsonl');
const consentsOnDisk = async () => (existsSync(consentsFile()) ? readFile(consentsFile(), 'utf8') : '');

beforeAll(async () => {
  fake = await startFakeSmsRu({ balance: 1_000_000 });
  relay = await startTestRelay(env());
  await addContacts(relay, [...people('roles', 2), ...people('bad', 1), ...people('ad', 6)]);
});
afterAll(async () => {
  await relay.dispose();
  await fake.close();
});

describe('the consent routes', () => {
  it('agents record from the card and read; marketers export; no token, an unknown contact and a source above the role are refused', async () => {
    expect((await relay.call('GET', '/api/contacts/roles:0/consent', { role: null })).status).toBe(401);
    expect((await consent(relay, 'roles:0', { granted: true, source: 'agent' })).status).toBe(201);
    const refused = await consent(relay, 'roles:0', { granted: true, source: 'csv' });
    expect(refused.status).toBe(403);
    expect(refused.body.error.message).toMatch(/may record a consent only from: agent, crm \(not "csv"\)/);
    // Positive control of the same source: a marketer may.
    expect((await consent(relay, 'roles:1', { granted: true, source: 'csv' }, 'marketer')).status).toBe(201);

    const missing = await consent(relay, 'roles:404', { granted: true, source: 'agent' });
    expect(missing.status).toBe(404);
    expect(missing.body.error.message).toBe('No contact with crmId "roles:404"');
    expect((await relay.call('GET', '/api/contacts/roles:404/consent')).status).toBe(404);

    const read = await relay.call('GET', '/api/contacts/roles:0/consent', { role: 'agent' });
    expect(read.status).toBe(200);
    expect(read.body).toMatchObject({ current: { crmId: 'roles:0', granted: true, source: 'agent', by: 'agent' }, history: [{ granted: true }] });

    expect((await relay.call('GET', '/api/contacts/roles:0/consent.csv', { role: 'agent' })).status).toBe(403);
    for (const role of ['marketer', 'admin'] as const) expect((await relay.call('GET', '/api/contacts/roles:0/consent.csv', { role })).status).toBe(200);
  });

  it('keeps the history as proof: newest first over the API, and in a formula-safe CSV', async () => {
    await consent(relay, 'roles:0', { granted: false, source: 'agent', comment: '=HYPERLINK("http://x") отказался по телефону' });
    const { body } = await relay.call('GET', '/api/contacts/roles:0/consent');
    expect(body.current).toMatchObject({ granted: false, comment: '=HYPERLINK("http://x") отказался по телефону' });
    expect(body.history.map((r: { granted: boolean }) => r.granted)).toEqual([false, true]);
    const csv = await relay.call('GET', '/api/contacts/roles:0/consent.csv?lang=en', { role: 'marketer' });
    expect(csv.text).toContain(
      `roles:0,${body.current.at.slice(0, 19).replace('T', ' ')},Withdrawn,Agent on the card,agent,"'=HYPERLINK(""http://x"") отказался по телефону"`,
    );
    expect(csv.text).not.toMatch(/,=HYPERLINK/);
  });

  it.each([
    [{ granted: 'yes', source: 'agent' }, /^Field "granted": must be true \(consent given\) or false \(consent withdrawn\)$/],
    [{ granted: true }, /^Field "source": must be one of: crm, csv, agent, reply$/],
    [{ granted: true, source: 'sms' }, /^Field "source": must be one of/],
    [{ granted: true, source: 'agent', comment: 'x'.repeat(1001) }, /^Field "comment": must be at most 1000 characters$/],
    [{ granted: true, source: 'agent', by: 'someone else' }, /^Field "by" is not known; allowed: granted, source, comment$/],
  ])('refuses %j with a 400 in words and writes nothing', async (body, message) => {
    const before = await consentsOnDisk();
    const answer = await consent(relay, 'bad:0', body);
    expect(answer.status).toBe(400);
    expect(answer.body.error.message).toMatch(message);
    expect(await consentsOnDisk()).toBe(before);
    expect((await relay.call('GET', '/api/contacts/bad:0/consent')).body).toEqual({ current: null, history: [] });
  });

  it('records the same contact once the body is right (the positive control of the refusals above)', async () => {
    const before = await consentsOnDisk();
    expect((await consent(relay, 'bad:0', { granted: true, source: 'agent', comment: '  по телефону  ' })).status).toBe(201);
    expect(await consentsOnDisk()).not.toBe(before);
    expect((await relay.call('GET', '/api/contacts/bad:0/consent')).body.history).toMatchObject([{ granted: true, comment: 'по телефону' }]);
  });

  it('answers a full disk in words and records nothing; once there is room the same request is recorded', async () => {
    const io = faultyIo();
    const full = await startTestRelay(env(), { io });
    try {
      await addContacts(full, people('bad', 1));
      io.fail({ code: 'ENOSPC', path: (path) => path.endsWith('consents.jsonl'), partialBytes: 5 });
      const refused = await consent(full, 'bad:0', { granted: true, source: 'agent' });
      expect(refused.status).toBe(503);
      expect(refused.body.error).toMatchObject({ code: 'storage_unwritable', message: expect.stringMatching(/disk full; nothing was changed$/) });
      expect((await full.call('GET', '/api/contacts/bad:0/consent')).body).toEqual({ current: null, history: [] });
      io.heal();
      expect((await consent(full, 'bad:0', { granted: true, source: 'agent' })).status).toBe(201);
      expect((await full.call('GET', '/api/contacts/bad:0/consent')).body.history).toHaveLength(1);
    } finally {
      await full.dispose();
    }
  });

  it('a CSV import records its consent column with source csv, and the same file again adds nothing', async () => {
    const csv = 'Id;ФИО;Мобильный телефон;Согласие на рекламу\ni1;Иван Импортов;+7 913 111-00-01;да\ni2;Пётр Импортов;+7 913 111-00-02;нет\n';
    const importCsv = () => relay.call('POST', '/api/contacts/import?idPrefix=imp', { role: 'marketer', rawBody: csv, headers: { 'content-type': 'text/csv' } });
    const dry = await relay.call('POST', '/api/contacts/import?idPrefix=imp&dryRun=true', { role: 'marketer', rawBody: csv, headers: { 'content-type': 'text/csv' } });
    expect(dry.body).toMatchObject({ consents: 2, dryRun: true });
    expect((await relay.call('GET', '/api/contacts/imp:i1/consent')).status).toBe(404);
    expect((await importCsv()).body).toMatchObject({ created: 2, consents: 2 });
    expect((await relay.call('GET', '/api/contacts/imp:i1/consent')).body.current).toMatchObject({ granted: true, source: 'csv', by: 'marketer' });
    expect((await relay.call('GET', '/api/contacts/imp:i2/consent')).body.current).toMatchObject({ granted: false, source: 'csv' });
    expect((await importCsv()).body).toMatchObject({ unchanged: 2, consents: 0 });
    expect((await relay.call('GET', '/api/contacts/imp:i1/consent')).body.history).toHaveLength(1);
  });
});

describe('an advertising mailing', () => {
  const group = people('ad', 6).map((p) => p.crmId);

  it('skips those without a consent now, counted in the pre-flight and named in the recipients; a service mailing to the same group sends to all', async () => {
    // ad:0, ad:1 agreed; ad:2 agreed and withdrew; ad:3..5 never said.
    await consent(relay, 'ad:0', { granted: true, source: 'agent' });
    await consent(relay, 'ad:1', { granted: true, source: 'crm' });
    await consent(relay, 'ad:2', { granted: true, source: 'agent' });
    await consent(relay, 'ad:2', { granted: false, source: 'agent', comment: 'просил не писать' });

    const advertising = await mailingTo(relay, 'advertising', group);
    const preflight = await relay.call('GET', `/api/mailings/${advertising}/preflight`, { role: 'marketer' });
    expect(preflight.body).toMatchObject({ recipients: 2, skipped: { no_consent: 4 } });
    const preview = await relay.call('POST', `/api/mailings/${advertising}/preview`, { role: 'marketer', body: { contactId: 'ad:2' } });
    expect(preview.body.skipReason).toBe('no_consent');

    const before = fake.sent.length;
    await relay.call('POST', `/api/mailings/${advertising}/launch`, { role: 'marketer' });
    await finished(relay, advertising);
    expect(
      fake.sent
        .slice(before)
        .map((s) => s.phone)
        .sort(),
    ).toEqual([phoneOf('ad', 0), phoneOf('ad', 1)]);
    const skipped = await relay.call('GET', `/api/mailings/${advertising}/recipients?status=skipped`, { role: 'marketer' });
    expect(skipped.body.recipients.map((r: { contactId: string; skipReason: string }) => `${r.contactId} ${r.skipReason}`).sort()).toEqual([
      'ad:2 no_consent',
      'ad:3 no_consent',
      'ad:4 no_consent',
      'ad:5 no_consent',
    ]);
    const csv = await relay.call('GET', `/api/mailings/${advertising}/recipients.csv?lang=ru`, { role: 'marketer' });
    expect(csv.text).toContain('Нет согласия на рекламу');

    const service = await mailingTo(relay, undefined, group);
    expect((await relay.call('GET', `/api/mailings/${service}`, { role: 'marketer' })).body.kind).toBe('service');
    const serviceSent = fake.sent.length;
    await relay.call('POST', `/api/mailings/${service}/launch`, { role: 'marketer' });
    await finished(relay, service);
    expect(fake.sent.slice(serviceSent)).toHaveLength(6);
  });

  it('stops sending to a contact whose consent is withdrawn mid-mailing, while the others go on', async () => {
    // One message every ~100 ms: the withdrawal lands while most of the mailing is still queued.
    const paced = await startTestRelay(env({ MAILING_RATE_PER_SECOND: '10' }));
    try {
      const list = people('mid', 20);
      await addContacts(paced, list);
      for (const { crmId } of list) await consent(paced, crmId, { granted: true, source: 'agent' });
      const id = await mailingTo(
        paced,
        'advertising',
        list.map((p) => p.crmId),
      );
      const before = fake.sent.length;
      await paced.call('POST', `/api/mailings/${id}/launch`, { role: 'marketer' });
      await until('the first sends', () => fake.sent.length - before >= 2);
      const withdrawn = await consent(paced, 'mid:19', { granted: false, source: 'agent', comment: 'написал «СТОП» менеджеру' });
      expect(withdrawn.status).toBe(201);
      const sentBeforeWithdrawal = fake.sent.length - before;
      expect(sentBeforeWithdrawal).toBeLessThan(19);
      const done = await finished(paced, id);
      const phones = fake.sent.slice(before).map((s) => s.phone);
      expect(phones).not.toContain(phoneOf('mid', 19));
      expect(phones).toHaveLength(19);
      expect(done.counters).toMatchObject({ sent: 19, skipped: { no_consent: 1 } });
      const skipped = await paced.call('GET', `/api/mailings/${id}/recipients?status=skipped`, { role: 'marketer' });
      expect(skipped.body.recipients).toMatchObject([{ contactId: 'mid:19', skipReason: 'no_consent' }]);
    } finally {
      await paced.dispose();
    }
  });
});

describe("a mailing's kind", () => {
  it('is editable in a draft, refused in words once launched, and "service" for a mailing stored before kinds', async () => {
    const id = await mailingTo(relay, 'service', ['ad:0']);
    const edited = await relay.call('PATCH', `/api/mailings/${id}`, { role: 'marketer', body: { kind: 'advertising' } });
    expect(edited.body.kind).toBe('advertising');
    const bad = await relay.call('PATCH', `/api/mailings/${id}`, { role: 'marketer', body: { kind: 'promo' } });
    expect(bad.status).toBe(400);
    expect(bad.body.error.message).toBe('Field "kind": must be "service" or "advertising"');
    await relay.call('POST', `/api/mailings/${id}/launch`, { role: 'marketer' });
    await finished(relay, id);
    const locked = await relay.call('PATCH', `/api/mailings/${id}`, { role: 'marketer', body: { kind: 'service' } });
    expect(locked.status).toBe(409);
    expect(locked.body.error.message).toBe('A finished mailing cannot be edited (tried: kind)');
    expect((await relay.call('GET', `/api/mailings/${id}`, { role: 'marketer' })).body.kind).toBe('advertising');

    const old = await startTestRelay(env());
    const dataDir = old.dataDir;
    const draft = (await old.call('POST', '/api/mailings', { role: 'marketer', body: { name: 'Старая', launchType: 'instant', text: 'Текст', kind: 'advertising' } }))
      .body.id;
    await old.close();
    const file = join(dataDir, 'mailings.json');
    const stored = JSON.parse(await readFile(file, 'utf8'));
    for (const mailing of stored.mailings) delete mailing.kind;
    await writeFile(file, JSON.stringify(stored));
    const reopened = await startTestRelay(env(), { dataDir });
    try {
      expect((await reopened.call('GET', `/api/mailings/${draft}`, { role: 'marketer' })).body.kind).toBe('service');
    } finally {
      await reopened.dispose();
      await rm(dataDir, { recursive: true, force: true });
    }
  });
});
