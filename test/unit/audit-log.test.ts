import { appendFileSync, mkdtempSync, readFileSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { auditCsv } from '../../relay/http/audit-csv';
import { AuditLog, type AuditBeginning } from '../../relay/store/audit-log';
import { CorruptDataError } from '../../relay/store/json-db';
import { StorageError } from '../../relay/store/storage-error';
import type { AuditEntry } from '../../shared/audit';
import { faultyIo } from '../support/faulty-io';

const fileIn = () => join(mkdtempSync(join(tmpdir(), 'audit-')), 'audit.jsonl');
const beginning = (action: string, minute = 0): AuditBeginning => ({
  at: new Date(Date.UTC(2026, 10, 24, 10, minute)).toISOString(),
  user: 'anna',
  role: 'marketer',
  tokenId: 'tok_1',
  action,
  target: { id: 'm1' },
  site: 'https://crm.example',
});
const done = (status = 200) => ({ status, target: {}, details: {} });

describe('the audit log (audit.jsonl)', () => {
  it('keeps every entry across a reopen, newest first, each with its outcome; earlier bytes never change', () => {
    const file = fileIn();
    const log = AuditLog.open(file);
    const first = log.begin(beginning('POST /api/mailings/:id/launch', 1));
    const second = log.begin(beginning('POST /api/mailings/:id/pause', 2));
    // Answers may come in any order: each outcome finds its own beginning.
    log.end(second, { status: 409, target: {}, details: {} });
    log.end(first, { status: 200, target: { extra: 'x' }, details: { recipients: 3 } });
    const before = readFileSync(file, 'utf8');
    log.end(log.begin(beginning('POST /api/mailings/:id/cancel', 3)), done());
    log.close();
    expect(readFileSync(file, 'utf8').startsWith(before)).toBe(true);

    const again = AuditLog.open(file);
    expect(again.size).toBe(3);
    expect(again.newestFirst(0, 10).map((e) => [e.n, e.action, e.status])).toEqual([
      [3, 'POST /api/mailings/:id/cancel', 200],
      [2, 'POST /api/mailings/:id/pause', 409],
      [1, 'POST /api/mailings/:id/launch', 200],
    ]);
    expect(again.newestFirst(2, 10)[0]).toMatchObject({ n: 1, target: { id: 'm1', extra: 'x' }, details: { recipients: 3 }, user: 'anna', site: 'https://crm.example' });
    expect(again.newestFirst(1, 1).map((e) => e.n)).toEqual([2]);
    again.close();
  });

  it('an entry whose answer was never written says so (status null); a line cut short by a crash is dropped, and the log goes on after it', () => {
    const file = fileIn();
    const log = AuditLog.open(file);
    log.begin(beginning('PUT /api/contacts/:crmId/consent'));
    log.close();
    appendFileSync(file, '{"n":2,"at":"2026-11-24T10:0');
    const again = AuditLog.open(file);
    expect(again.newestFirst(0, 10)).toMatchObject([{ n: 1, status: null, details: {} }]);
    again.end(again.begin(beginning('DELETE /api/stop-list/:phone')), done());
    again.close();
    expect(
      AuditLog.open(file)
        .newestFirst(0, 10)
        .map((e) => [e.n, e.status]),
    ).toEqual([
      [2, 200],
      [1, null],
    ]);
  });

  it('refuses a damaged or reordered file instead of serving a log that was tampered with', () => {
    const good = JSON.stringify({ n: 1, ...beginning('POST /api/messages') });
    const damaged = fileIn();
    writeFileSync(damaged, `${good}\nnot json\n`);
    expect(() => AuditLog.open(damaged)).toThrow(CorruptDataError);
    expect(() => AuditLog.open(damaged)).toThrow(/line 2/);
    const skipped = fileIn();
    writeFileSync(skipped, `${good}\n${JSON.stringify({ n: 3, ...beginning('POST /api/messages') })}\n`);
    expect(() => AuditLog.open(skipped)).toThrow(/out of order/);
    // Positive control: the same first line alone opens.
    const alone = fileIn();
    writeFileSync(alone, `${good}\n`);
    expect(AuditLog.open(alone).size).toBe(1);
  });

  it('a beginning the disk refuses is not in the log and throws (the request is refused); with room again numbering goes on', () => {
    const file = fileIn();
    const io = faultyIo();
    const log = AuditLog.open(file, io);
    log.end(log.begin(beginning('POST /api/messages')), done(201));
    const before = readFileSync(file, 'utf8');
    io.fail({ code: 'ENOSPC', operations: ['write'], partialBytes: 7 });
    expect(() => log.begin(beginning('POST /api/stop-list'))).toThrow(StorageError);
    expect(log.size).toBe(1);
    io.heal();
    expect(log.begin(beginning('POST /api/stop-list'))).toBe(2);
    log.close();
    // The torn bytes of the refused write were cut before the next one.
    expect(readFileSync(file, 'utf8').startsWith(before)).toBe(true);
    expect(
      AuditLog.open(file)
        .newestFirst(0, 10)
        .map((e) => e.action),
    ).toEqual(['POST /api/stop-list', 'POST /api/messages']);
  });

  it('an outcome the disk refuses is shown and kept; it goes first in the next write, and no beginning gets past it', () => {
    const file = fileIn();
    const io = faultyIo();
    const log = AuditLog.open(file, io);
    const n = log.begin(beginning('POST /api/mailings/:id/launch'));
    io.fail({ code: 'EIO', operations: ['fsync'] });
    expect(() => log.end(n, { status: 200, target: {}, details: { recipients: 5 } })).toThrow(StorageError);
    expect(log.newestFirst(0, 1)[0]).toMatchObject({ status: 200, details: { recipients: 5 } });
    expect(() => log.begin(beginning('POST /api/mailings/:id/pause'))).toThrow(StorageError);
    io.heal();
    log.end(log.begin(beginning('POST /api/mailings/:id/pause')), done());
    log.close();
    expect(
      AuditLog.open(file)
        .newestFirst(0, 10)
        .map((e) => [e.n, e.status, e.details]),
    ).toEqual([
      [2, 200, {}],
      [1, 200, { recipients: 5 }],
    ]);
  });
});

describe("the audit log's whole entries (the relay's own changes) and other writers (the CLI)", () => {
  const own = (action: string) => ({
    ...beginning(action),
    user: 'system:engine',
    role: 'system' as const,
    tokenId: null,
    site: null,
    status: 200,
    details: { to: 'paused' },
  });

  it('a whole entry the disk refuses waits in memory (not yet shown) and goes first in the next write, numbered before it', () => {
    const file = fileIn();
    const io = faultyIo();
    const log = AuditLog.open(file, io);
    io.fail({ code: 'ENOSPC', operations: ['write'] });
    expect(() => log.record(own('mailing pause'))).toThrow(StorageError);
    expect(log.size).toBe(0);
    // A request's beginning cannot get past it: refused too.
    expect(() => log.begin(beginning('POST /api/mailings/:id/resume'))).toThrow(StorageError);
    io.heal();
    expect(log.begin(beginning('POST /api/mailings/:id/resume'))).toBe(2);
    log.close();
    expect(
      AuditLog.open(file)
        .newestFirst(0, 10)
        .map((e) => [e.n, e.user, e.action, e.status, e.details]),
    ).toEqual([
      [2, 'anna', 'POST /api/mailings/:id/resume', null, {}],
      [1, 'system:engine', 'mailing pause', 200, { to: 'paused' }],
    ]);
  });

  it('takes in what another process appended before its own next write and read, and numbers what waits after it', () => {
    const file = fileIn();
    const relay = AuditLog.open(file);
    const n = relay.begin(beginning('POST /api/mailings/:id/launch'));
    const cli = AuditLog.open(file);
    cli.record({ ...own('token create'), user: 'cli' });
    cli.close();
    expect(relay.newestFirst(0, 10).map((e) => [e.n, e.user])).toEqual([
      [2, 'cli'],
      [1, 'anna'],
    ]);
    relay.end(n, done());
    relay.record(own('mailing finish'));
    relay.close();
    expect(
      AuditLog.open(file)
        .newestFirst(0, 10)
        .map((e) => [e.n, e.user, e.action, e.status]),
    ).toEqual([
      [3, 'system:engine', 'mailing finish', 200],
      [2, 'cli', 'token create', 200],
      [1, 'anna', 'POST /api/mailings/:id/launch', 200],
    ]);
  });

  it('an entry that waited while another process appended is renumbered after its lines', () => {
    const file = fileIn();
    const io = faultyIo();
    const relay = AuditLog.open(file, io);
    io.fail({ code: 'ENOSPC', operations: ['write'] });
    expect(() => relay.record(own('mailing pause'))).toThrow(StorageError);
    io.heal();
    const cli = AuditLog.open(file);
    cli.record({ ...own('token revoke'), user: 'cli' });
    cli.close();
    relay.record(own('mailing finish'));
    relay.close();
    expect(
      AuditLog.open(file)
        .newestFirst(0, 10)
        .map((e) => [e.n, e.action]),
    ).toEqual([
      [3, 'mailing finish'],
      [2, 'mailing pause'],
      [1, 'token revoke'],
    ]);
  });
});

describe('the audit CSV', () => {
  const entry: AuditEntry = {
    n: 7,
    at: '2026-11-24T10:00:00.000Z',
    user: '=HYPERLINK("http://evil.example","x")',
    role: 'agent',
    tokenId: 'tok_1',
    action: 'POST /api/stop-list',
    target: { phone: '79120000001' },
    details: { source: 'agent', reason: '@SUM(A1)' },
    site: null,
    status: 201,
  };

  it('writes cells that start like a formula as text, with the header in the user’s language', () => {
    const ru = auditCsv([entry], 'ru');
    expect(ru.split('\r\n')[0]).toBe('\ufeff№;Когда (UTC);Пользователь;Роль;Токен;Сайт CRM;Действие;Объект;Ответ;Подробности');
    expect(ru).toContain(
      `7;24.11.2026 10:00:00;"'=HYPERLINK(""http://evil.example"",""x"")";agent;tok_1;;POST /api/stop-list;phone=79120000001;201;"source=agent; reason=@SUM(A1)"`,
    );
    const en = auditCsv([{ ...entry, user: '@anna', site: '-1+1' }], 'en');
    expect(en.split('\r\n')[0]).toBe('\ufeffNo.,When (UTC),User,Role,Token,CRM site,Action,Target,Status,Details');
    expect(en).toContain(`7,2026-11-24 10:00:00,'@anna,agent,tok_1,'-1+1,POST /api/stop-list,`);
  });
});
