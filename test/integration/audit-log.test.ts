import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { AuditEntry } from '../../shared/audit';
import type { Role } from '../../relay/store/tokens';
import { faultyIo } from '../support/faulty-io';
import { launchMailingTo, waitUntilSettled } from '../support/mailing-run';
import { startTestRelay, type TestRelay } from '../support/relay-harness';

let relay: TestRelay;

beforeAll(async () => {
  // Slow sending: a mailing is still running when it is paused.
  relay = await startTestRelay({ MAILING_RATE_PER_SECOND: '1' });
});
afterAll(async () => {
  await relay.dispose();
});

const auditFile = () => readFileSync(join(relay.dataDir, 'audit.jsonl'), 'utf8');

async function audit(): Promise<{ total: number; entries: AuditEntry[] }> {
  const page = await relay.call('GET', '/api/audit?limit=1000', { role: 'admin' });
  expect(page.status, page.text).toBe(200);
  return page.body;
}

/** Runs the action and returns the one audit entry it left (failing when it left none or more). */
async function onlyEntryOf(action: () => Promise<{ status: number; text: string }>, status: number): Promise<AuditEntry> {
  const before = (await audit()).total;
  const reply = await action();
  expect(reply.status, reply.text.slice(0, 300)).toBe(status);
  const after = await audit();
  expect(after.total).toBe(before + 1);
  return after.entries[0]!;
}

/** The id of the test's token for the role (the first start also made an admin token of its own, before it). */
const tokenIdOf = (user: Role) => relay.store.tokens.list().findLast((t) => t.user === user)!.id;

describe('who may read the audit log', () => {
  it.each(['/api/audit', '/api/audit.csv'])('%s: admins only; without a token 401', async (path) => {
    const statuses = await Promise.all(([null, 'agent', 'marketer', 'admin'] as const).map(async (role) => (await relay.call('GET', path, { role })).status));
    expect(statuses).toEqual([401, 403, 403, 200]);
  });
});

describe('each change leaves exactly one entry with its user and target', () => {
  it('a send from a card: the number as digits, the contact, the first 40 characters of the text only', async () => {
    const text = `Ваш заказ готов, забрать можно до пятницы. ${'Хвост текста, которого в журнале быть не должно. '.repeat(2)}`;
    const entry = await onlyEntryOf(
      () => relay.call('POST', '/api/messages', { role: 'agent', body: { to: '+7 912 345-67-89', text, contact: { crmId: 'audit:card' } } }),
      201,
    );
    expect(entry).toMatchObject({
      user: 'agent',
      role: 'agent',
      tokenId: tokenIdOf('agent'),
      action: 'POST /api/messages',
      target: { phone: '79123456789', crmId: 'audit:card' },
      details: { text: `${text.slice(0, 40)}…`, messageId: expect.any(String) },
      status: 201,
      site: null,
    });
    expect(auditFile()).not.toContain('Хвост текста');
  });

  it('launch, pause, retry and cancel of a mailing: its id; the launch also the recipients it froze', async () => {
    const before = (await audit()).total;
    const id = await launchMailingTo(relay, 30);
    const launches = (await audit()).entries.filter((e) => e.n > before && e.action === 'POST /api/mailings/:id/launch');
    expect(launches).toHaveLength(1);
    expect(launches[0]).toMatchObject({ user: 'marketer', role: 'marketer', target: { id }, details: { recipients: 30, skipped: 0, kind: 'service' }, status: 200 });

    const pause = await onlyEntryOf(() => relay.call('POST', `/api/mailings/${id}/pause`, { role: 'marketer' }), 200);
    expect(pause).toMatchObject({ user: 'marketer', action: 'POST /api/mailings/:id/pause', target: { id }, status: 200 });
    await waitUntilSettled(relay, id, ['paused']);
    const retry = await onlyEntryOf(() => relay.call('POST', `/api/mailings/${id}/retry`, { role: 'admin' }), 200);
    expect(retry).toMatchObject({ user: 'admin', role: 'admin', action: 'POST /api/mailings/:id/retry', target: { id }, status: 200 });
    const cancel = await onlyEntryOf(() => relay.call('POST', `/api/mailings/${id}/cancel`, { role: 'marketer' }), 200);
    expect(cancel).toMatchObject({ user: 'marketer', action: 'POST /api/mailings/:id/cancel', target: { id }, status: 200 });
  });

  it('a stop-list addition (phone as digits, source) and removal (phone, reason)', async () => {
    const added = await onlyEntryOf(() => relay.call('POST', '/api/stop-list', { role: 'agent', body: { phone: '8 (912) 000-77-01', reason: 'попросил' } }), 201);
    expect(added).toMatchObject({
      user: 'agent',
      action: 'POST /api/stop-list',
      target: { phone: '79120007701' },
      details: { source: 'agent', added: true, reason: 'попросил' },
    });
    const removed = await onlyEntryOf(() => relay.call('DELETE', '/api/stop-list/+7%20912%20000-77-01', { role: 'admin', body: { reason: 'дал согласие снова' } }), 200);
    expect(removed).toMatchObject({ user: 'admin', action: 'DELETE /api/stop-list/:phone', target: { phone: '79120007701' }, details: { reason: 'дал согласие снова' } });
  });

  it('a simulated STOP reply: the number it came from and the keyword', async () => {
    const entry = await onlyEntryOf(() => relay.call('POST', '/api/provider/sandbox/replies', { role: 'admin', body: { from: '+7 912 000-77-05', text: 'СТОП' } }), 200);
    expect(entry).toMatchObject({
      user: 'admin',
      action: 'POST /api/provider/sandbox/replies',
      target: { phone: '79120007705' },
      details: { keyword: 'stop', text: 'СТОП' },
    });
  });

  it('a consent change: the contact, granted or withdrawn, the source', async () => {
    const contacts = [{ crmId: 'audit:consent', snapshot: { name: 'Согласная', phones: [{ number: '+79120007702', type: 'mobile' }] } }];
    expect((await relay.call('POST', '/api/contacts/bulk', { role: 'marketer', body: { contacts } })).status).toBe(200);
    const entry = await onlyEntryOf(
      () => relay.call('PUT', '/api/contacts/audit%3Aconsent/consent', { role: 'agent', body: { granted: true, source: 'agent', comment: 'по телефону' } }),
      201,
    );
    expect(entry).toMatchObject({
      user: 'agent',
      action: 'PUT /api/contacts/:crmId/consent',
      target: { crmId: 'audit:consent' },
      details: { granted: true, source: 'agent', comment: 'по телефону' },
    });
  });

  it('a refused change is recorded too, with the status it got', async () => {
    const entry = await onlyEntryOf(() => relay.call('DELETE', '/api/stop-list/79120007703', { role: 'agent', body: { reason: 'хочу' } }), 403);
    expect(entry).toMatchObject({ user: 'agent', action: 'DELETE /api/stop-list/:phone', target: { phone: '79120007703' }, status: 403, details: {} });
  });

  it('reads leave no entry; a change beside them does', async () => {
    const before = (await audit()).total;
    for (const [path, role] of [
      ['/api/mailings', 'marketer'],
      ['/api/stop-list', 'marketer'],
      ['/api/stop-list.csv', 'marketer'],
      ['/api/contacts/audit%3Aconsent/consent', 'agent'],
      ['/api/provider', 'agent'],
      ['/api/audit.csv', 'admin'],
    ] as const) {
      expect((await relay.call('GET', path, { role })).status, path).toBe(200);
    }
    expect((await relay.call('POST', '/api/cost', { role: 'agent', body: { to: '+79120007704', text: 'Сколько?' } })).status).toBe(200);
    expect((await audit()).total).toBe(before);
    // Positive control: the same setup records a change.
    expect((await relay.call('POST', '/api/stop-list', { role: 'agent', body: { phone: '+79120007704' } })).status).toBe(201);
    expect((await audit()).total).toBe(before + 1);
  });
});

describe('what the log keeps and how', () => {
  it('the CRM site the extension names, normalised; none when it names none or something that is no site', async () => {
    const add = (phone: string, site?: string) => relay.call('POST', '/api/stop-list', { body: { phone }, headers: site === undefined ? {} : { 'x-crm-site': site } });
    expect((await add('+79120007711', 'HTTPS://CRM.Example.com:443')).status).toBe(201);
    expect((await add('+79120007712', 'javascript alert(1)')).status).toBe(201);
    expect((await add('+79120007713')).status).toBe(201);
    expect((await audit()).entries.slice(0, 3).map((e) => e.site)).toEqual([null, null, 'https://crm.example.com']);
  });

  it('never a token: the file holds the tokens’ ids and users, not their secrets', async () => {
    const file = auditFile();
    for (const role of ['agent', 'marketer', 'admin'] as const) {
      expect(file).toContain(`"tokenId":"${tokenIdOf(role)}"`);
      expect(file).not.toContain(relay.tokens[role]);
    }
    expect(file).not.toMatch(/crmsms_/);
  });

  it('is only appended: the bytes of earlier entries stay as they were after more changes', async () => {
    const before = auditFile();
    expect((await relay.call('POST', '/api/stop-list', { body: { phone: '+79120007721' } })).status).toBe(201);
    expect((await relay.call('DELETE', '/api/stop-list/79120007721', { role: 'admin', body: { reason: 'ошибка' } })).status).toBe(200);
    const after = auditFile();
    expect(after.length).toBeGreaterThan(before.length);
    expect(after.startsWith(before)).toBe(true);
  });

  it('keeps no control characters from a refused id in the file', async () => {
    const reply = await relay.call('PUT', '/api/contacts/crm%3Aa%00b', { role: 'agent', body: { name: 'X', phones: [] } });
    expect(reply.status).toBe(400);
    expect((await audit()).entries[0]).toMatchObject({ action: 'PUT /api/contacts/:crmId', status: 400 });
    expect(auditFile()).not.toMatch(/\\u0000/);
  });

  it('the CSV writes a user name that starts like a formula as text', async () => {
    const { token } = await relay.store.tokens.create('=HYPERLINK("http://evil.example","x")', 'agent', new Date());
    expect((await relay.call('POST', '/api/stop-list', { token, body: { phone: '+79120007731' } })).status).toBe(201);
    const csv = await relay.call('GET', '/api/audit.csv?lang=en', { role: 'admin' });
    expect(csv.status).toBe(200);
    const row = csv.text.split('\r\n').find((line) => line.includes('phone=79120007731'))!;
    expect(row).toContain(`"'=HYPERLINK(""http://evil.example"",""x"")",agent,`);
    expect(row).toContain(',POST /api/stop-list,phone=79120007731,201,');
  });
});

describe('a disk that refuses the audit entry', () => {
  it('refuses the change with 503 in words and does nothing; reads go on; with room again the same change goes and is recorded', async () => {
    const io = faultyIo();
    const failing = await startTestRelay({}, { io });
    try {
      io.fail({ code: 'ENOSPC', path: (path) => path.endsWith('audit.jsonl') });
      const refused = await failing.call('POST', '/api/stop-list', { body: { phone: '+79120007741' } });
      expect(refused.status).toBe(503);
      expect(refused.body.error).toMatchObject({
        code: 'storage_unwritable',
        message: expect.stringContaining('disk full; nothing was changed'),
        messageRu: expect.any(String),
      });
      expect((await failing.call('GET', '/api/stop-list/79120007741')).status).toBe(404);
      expect((await failing.call('GET', '/api/audit', { role: 'admin' })).body.total).toBe(0);

      io.heal();
      expect((await failing.call('POST', '/api/stop-list', { body: { phone: '+79120007741' } })).status).toBe(201);
      expect((await failing.call('GET', '/api/audit', { role: 'admin' })).body).toMatchObject({ total: 1, entries: [{ target: { phone: '79120007741' }, status: 201 }] });
    } finally {
      await failing.dispose();
    }
  });
});
