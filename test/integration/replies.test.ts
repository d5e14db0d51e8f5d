import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import { startTestRelay, testClock, type TestClock, type TestRelay } from '../support/relay-harness';
import { waitUntilSettled } from '../support/mailing-run';
import { until } from '../support/wait';
import { faultyIo } from '../support/faulty-io';
import { expectStatus as ok } from '../support/answers';

let relay: TestRelay;
afterEach(async () => {
  await relay.dispose();
});

const quick = { SANDBOX_FAIL_RATE: '0', SANDBOX_BALANCE: '100000', SANDBOX_SENT_AFTER_MS: '50', SANDBOX_DELIVERED_AFTER_MS: '100', MAILING_RATE_PER_SECOND: '0' };
const start = (env: Record<string, string> = {}, clock?: TestClock, io?: ReturnType<typeof faultyIo>, dataDir?: string) =>
  startTestRelay({ ...quick, ...env }, { clock, io, dataDir }).then((r) => (relay = r));

const phoneOf = (i: number) => `7916${String(i).padStart(7, '0')}`;

async function addPeople(n: number) {
  const contacts = Array.from({ length: n }, (_, i) => ({ crmId: `rp:${i}`, snapshot: { name: `Клиент ${i}`, phones: [{ number: `+${phoneOf(i)}`, type: 'mobile' }] } }));
  await ok(relay.call('POST', '/api/contacts/bulk', { role: 'marketer', body: { contacts } }));
  return contacts.map((c) => c.crmId);
}

async function runMailing(name: string, crmIds: string[]) {
  const mailing = await ok(relay.call('POST', '/api/mailings', { role: 'marketer', body: { name, launchType: 'instant', text: 'Скидка 10% до пятницы' } }), 201);
  await ok(relay.call('PUT', `/api/mailings/${mailing.id}/audience`, { role: 'marketer', body: { contacts: crmIds } }));
  await ok(relay.call('POST', `/api/mailings/${mailing.id}/launch`, { role: 'marketer' }));
  return { id: mailing.id as string, done: await waitUntilSettled(relay, mailing.id, ['finished']) };
}

const stats = (id: string) => ok(relay.call('GET', `/api/mailings/${id}/stats`, { role: 'marketer' }));
const conversation = (crmId: string, query = '') => ok(relay.call('GET', `/api/contacts/${crmId}/conversation${query}`));
const sandboxReply = (from: string, text: string) => ok(relay.call('POST', '/api/provider/sandbox/replies', { role: 'admin', body: { from, text } }));

describe('sandbox replies in a mailing', () => {
  it('SANDBOX_REPLY_RATE answers a counted share of the recipients, SANDBOX_STOP_SHARE of them «СТОП»: stats count them, the next mailing skips those', async () => {
    await start({ SANDBOX_REPLY_RATE: '0.5', SANDBOX_STOP_SHARE: '0.5' });
    const people = await addPeople(8);
    const first = await runMailing('Осенняя акция', people);
    expect(first.done.counters).toMatchObject({ total: 8, sent: 8 });

    const figures = await until('the four answers to come in', async () => {
      const s = await stats(first.id);
      return s.replies === 4 && s;
    });
    expect(figures).toMatchObject({ replies: 4, optOuts: 2 });
    const listed = await ok(relay.call('GET', '/api/stop-list', { role: 'marketer' }));
    expect(listed.total).toBe(2);
    expect(listed.entries.every((e: { source: string; addedBy: string }) => e.source === 'reply' && e.addedBy === 'sandbox')).toBe(true);
    // No request brought them: the audit log has them as the relay's own, each number once.
    const audit = (await ok(relay.call('GET', '/api/audit?limit=1000', { role: 'admin' }))).entries;
    const added = audit.filter((e: any) => e.action === 'stop-list add');
    expect(added.map((e: any) => [e.user, e.role, e.details.provider, e.details.source]).sort()).toEqual([
      ['system:inbound', 'system', 'sandbox', 'reply'],
      ['system:inbound', 'system', 'sandbox', 'reply'],
    ]);
    expect(added.map((e: any) => e.target.phone).sort()).toEqual(listed.entries.map((e: { phone: string }) => e.phone).sort());

    const unread = await ok(relay.call('GET', '/api/replies/unread'));
    expect(unread.count).toBe(4);
    const replier = unread.contacts[0];
    const { entries } = await conversation(replier);
    expect(entries.map((e: { direction: string }) => e.direction)).toEqual(['incoming', 'outgoing']);
    expect(entries[0].reply).toMatchObject({ provider: 'sandbox', mailing: { id: first.id, name: 'Осенняя акция' }, read: false });
    expect(entries[0].reply.text).toMatch(/^(СТОП|Спасибо!)$/);
    expect(entries[1].message).toMatchObject({ mailing: { id: first.id, name: 'Осенняя акция' }, text: 'Скидка 10% до пятницы' });

    const second = await runMailing('Зимняя акция', people);
    expect(second.done.counters).toMatchObject({ total: 8, sent: 6, skipped: { stop_list: 2 } });
  });

  it('an admin-simulated reply is matched to the mailing that last wrote to the number and counted in its stats', async () => {
    await start();
    const people = await addPeople(3);
    const mailing = await runMailing('Без ответов', people);
    const outcome = await sandboxReply(`+${phoneOf(1)}`, 'Стоп!');
    expect(outcome).toMatchObject({ keyword: 'stop', stopList: { phone: phoneOf(1), source: 'reply' }, reply: { contactIds: ['rp:1'], mailing: { id: mailing.id } } });
    expect(await stats(mailing.id)).toMatchObject({ replies: 1, optOuts: 1 });
    // The same number saying STOP again is a second reply, not a second opt-out.
    await sandboxReply(`+${phoneOf(1)}`, 'STOP');
    expect(await stats(mailing.id)).toMatchObject({ replies: 2, optOuts: 1 });
    // The admin's requests say what they did: no second entry of the relay's own for the same change.
    const audit = (await ok(relay.call('GET', '/api/audit?limit=1000', { role: 'admin' }))).entries;
    expect(audit.filter((e: any) => e.target.phone === phoneOf(1)).map((e: any) => [e.user, e.action])).toEqual([
      ['admin', 'POST /api/provider/sandbox/replies'],
      ['admin', 'POST /api/provider/sandbox/replies'],
    ]);
  });
});

describe('a reply the disk cannot take', () => {
  it('is answered 503 in words and not stored; the same reply delivered again once there is room is stored once', async () => {
    const io = faultyIo();
    await start({}, undefined, io);
    await addPeople(1);
    io.fail({ code: 'ENOSPC', path: (file) => file.endsWith('inbound-messages.jsonl') });
    const refused = await relay.call('POST', '/api/provider/sandbox/replies', { role: 'admin', body: { from: `+${phoneOf(0)}`, text: 'Перезвоните мне' } });
    expect(refused.status).toBe(503);
    expect(refused.body.error).toMatchObject({ code: 'storage_unwritable', messageRu: expect.stringContaining('ничего не изменено') });
    expect((await conversation('rp:0')).total).toBe(0);
    expect(await ok(relay.call('GET', '/api/replies/unread'))).toEqual({ count: 0, contacts: [] });

    io.heal();
    await sandboxReply(`+${phoneOf(0)}`, 'Перезвоните мне');
    expect((await conversation('rp:0')).entries.map((e: any) => e.reply.text)).toEqual(['Перезвоните мне']);
    expect(await ok(relay.call('GET', '/api/replies/unread'))).toEqual({ count: 1, contacts: ['rp:0'] });
  });
});

describe('the conversation of a contact', () => {
  it('card messages and replies in one timeline, newest first, in pages; a reply after a card message belongs to no mailing', async () => {
    const clock = testClock(Date.now());
    await start({}, clock);
    await addPeople(1);
    const number = `+${phoneOf(0)}`;
    const card = async (text: string) => (await ok(relay.call('POST', '/api/messages', { body: { to: number, text, contact: { crmId: 'rp:0' } } }), 201)).id;
    const c1 = await card('Заказ принят');
    clock.advance(60_000);
    await sandboxReply(number, 'Когда доставка?');
    clock.advance(60_000);
    const c2 = await card('Доставка завтра с 10 до 14');
    clock.advance(60_000);
    await sandboxReply(number, 'Спасибо');

    const all = await conversation('rp:0');
    expect(all).toMatchObject({ total: 4, unread: 2 });
    const describe = (e: any) => (e.direction === 'incoming' ? `in:${e.reply.text}` : `out:${e.message.id}`);
    expect(all.entries.map(describe)).toEqual(['in:Спасибо', `out:${c2}`, 'in:Когда доставка?', `out:${c1}`]);
    expect(all.entries.every((e: any) => (e.reply ?? e.message).mailing === null)).toBe(true);

    const page1 = await conversation('rp:0', '?offset=0&limit=2');
    const page2 = await conversation('rp:0', '?offset=2&limit=2');
    expect([...page1.entries, ...page2.entries].map(describe)).toEqual(all.entries.map(describe));
    expect(page1.total).toBe(4);
    expect((await conversation('rp:0', '?offset=4&limit=2')).entries).toEqual([]);
  });

  it("unread replies: counted per contact with a card, marked read when the card's conversation is read", async () => {
    await start();
    await addPeople(2);
    await sandboxReply(`+${phoneOf(0)}`, 'Перезвоните');
    await sandboxReply(`+${phoneOf(0)}`, 'Пожалуйста');
    await sandboxReply(`+${phoneOf(1)}`, 'Да');
    // A number no contact has: kept, but there is no card to read it on, so the badge does not count it.
    await sandboxReply('+79169999999', 'Кто это?');
    const unread = await ok(relay.call('GET', '/api/replies/unread'));
    expect(unread.count).toBe(3);
    expect([...unread.contacts].sort((a: string, b: string) => a.localeCompare(b))).toEqual(['rp:0', 'rp:1']);

    expect(await ok(relay.call('POST', '/api/contacts/rp:0/conversation/read'))).toEqual({ marked: 2 });
    expect(await ok(relay.call('POST', '/api/contacts/rp:0/conversation/read'))).toEqual({ marked: 0 });
    expect(await ok(relay.call('GET', '/api/replies/unread'))).toEqual({ count: 1, contacts: ['rp:1'] });
    const read = await conversation('rp:0');
    expect(read.unread).toBe(0);
    expect(read.entries.every((e: any) => e.reply.read)).toBe(true);
    expect((await conversation('rp:1')).unread).toBe(1);
  });

  it('a reply that came before its contact was in the directory shows on the card of every contact with that number, once it is there', async () => {
    await start();
    await addPeople(1);
    const stranger = '79165550101';
    await sandboxReply(`+${stranger}`, 'Это магазин? Перезвоните');
    // Positive control: a number someone has is on that card at once.
    await sandboxReply(`+${phoneOf(0)}`, 'Да');
    expect(await ok(relay.call('GET', '/api/replies/unread'))).toEqual({ count: 1, contacts: ['rp:0'] });

    const later = ['late:1', 'late:2'].map((crmId) => ({ crmId, snapshot: { name: crmId, phones: [{ number: `+${stranger}`, type: 'mobile' }] } }));
    await ok(relay.call('POST', '/api/contacts/bulk', { role: 'marketer', body: { contacts: later } }));

    for (const crmId of ['late:1', 'late:2']) {
      const page = await conversation(crmId);
      expect(page).toMatchObject({ total: 1, unread: 1 });
      expect(page.entries[0].reply).toMatchObject({ from: stranger, text: 'Это магазин? Перезвоните', read: false });
    }
    const unread = await ok(relay.call('GET', '/api/replies/unread'));
    expect(unread.count).toBe(2);
    expect([...unread.contacts].sort((a: string, b: string) => a.localeCompare(b))).toEqual(['late:1', 'late:2', 'rp:0']);

    // Read on one card, it is read on the other too: it is one reply.
    expect(await ok(relay.call('POST', '/api/contacts/late:1/conversation/read'))).toEqual({ marked: 1 });
    expect((await conversation('late:2')).unread).toBe(0);
    expect(await ok(relay.call('GET', '/api/replies/unread'))).toEqual({ count: 1, contacts: ['rp:0'] });
  });

  it('after a restart, a reply from a number nobody had is on the card of a contact that gets it, and leaves when the contact loses it', async () => {
    const dataDir = await mkdtemp(join(tmpdir(), 'crmsms-replies-'));
    try {
      await start({}, undefined, undefined, dataDir);
      await sandboxReply('+79165550103', 'Ответ до перезапуска');
      await relay.dispose();
      await start({}, undefined, undefined, dataDir);
      const person = (number: string) => ({ crmId: 'after:1', snapshot: { name: 'После', phones: [{ number, type: 'mobile' }] } });
      await ok(relay.call('POST', '/api/contacts/bulk', { role: 'marketer', body: { contacts: [person('+79165550103')] } }));
      expect(await ok(relay.call('GET', '/api/replies/unread'))).toEqual({ count: 1, contacts: ['after:1'] });
      // The card (PUT) shows every phone of the contact: the old number is gone.
      await ok(relay.call('PUT', '/api/contacts/after:1', { body: person('+79165550104').snapshot }));
      expect(await ok(relay.call('GET', '/api/replies/unread'))).toEqual({ count: 0, contacts: [] });
      expect((await conversation('after:1')).total).toBe(0);
    } finally {
      await relay.dispose();
      await rm(dataDir, { recursive: true, force: true });
    }
  });

  it('a contact whose number changed keeps the replies from the old one, and gets those of the new one', async () => {
    await start();
    await addPeople(1);
    await sandboxReply(`+${phoneOf(0)}`, 'Со старого номера');
    await sandboxReply('+79165550102', 'С нового номера');
    await ok(relay.call('PUT', '/api/contacts/rp:0', { body: { name: 'Клиент 0', phones: [{ number: '+79165550102', type: 'mobile' }] } }));
    expect((await ok(relay.call('GET', '/api/contacts/rp:0'))).phones.map((p: { digits: string }) => p.digits)).toEqual(['79165550102']);
    const page = await conversation('rp:0');
    expect(page.entries.map((e: any) => e.reply.text)).toEqual(['С нового номера', 'Со старого номера']);
    expect(page.unread).toBe(2);
  });

  it('agents and up read it; without a token 401; a bad crmId or page is refused in words', async () => {
    await start();
    await addPeople(1);
    expect((await relay.call('GET', '/api/contacts/rp:0/conversation', { role: null })).status).toBe(401);
    expect((await relay.call('GET', '/api/replies/unread', { role: null })).status).toBe(401);
    expect((await relay.call('POST', '/api/contacts/rp:0/conversation/read', { role: null })).status).toBe(401);
    for (const role of ['agent', 'marketer', 'admin'] as const) expect((await relay.call('GET', '/api/contacts/rp:0/conversation', { role })).status).toBe(200);
    const badLimit = await relay.call('GET', '/api/contacts/rp:0/conversation?limit=0');
    expect(badLimit.status).toBe(400);
    expect(badLimit.body.error.message).toMatch(/limit/);
    const badId = await relay.call('GET', `/api/contacts/${encodeURIComponent('rp 0')}/conversation`);
    expect(badId.status).toBe(400);
    expect(badId.body.error.message).toMatch(/crmId/);
  });
});
