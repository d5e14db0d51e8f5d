import { appendFileSync, existsSync, mkdtempSync, readFileSync, readdirSync, statSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { RecipientLedger, type FrozenRecipient } from '../../relay/store/line-file-mailings/ledger';
import { JsonDb } from '../../relay/store/json-db';
import { RecordLog } from '../../relay/store/record-log';
import { StorageError } from '../../relay/store/storage-error';
import { faultyIo } from '../support/faulty-io';

// Every write path of the data folder, with the disk failing under it: what was asked is stored
// whole or not at all, memory follows only what is on disk, and the next open works.

const recipients = (n: number): FrozenRecipient[] =>
  Array.from({ length: n }, (_, i) => ({
    contactId: `c${i}`,
    name: `N${i}`,
    phone: `7912000${String(i).padStart(4, '0')}`,
    country: 'RU',
    text: `hi ${i}`,
    parts: 1,
    skip: null,
  }));
const dirIn = () => join(mkdtempSync(join(tmpdir(), 'durable-')), 'm');
const journalOf = (dir: string) => readFileSync(join(dir, 'journal.jsonl'), 'utf8');

describe('the mailing journal on a failing disk', () => {
  it('a "sending" commit is fsync\'d once for the whole batch, and outcomes ride on the next fsync', () => {
    const io = faultyIo();
    const ledger = RecipientLedger.create(dirIn(), recipients(100), io);
    io.log.length = 0;
    ledger.commit(
      Array.from({ length: 100 }, (_, i) => ({ i, s: 'sending' as const })),
      1,
    );
    expect(io.log.filter((c) => c.operation === 'fsync')).toHaveLength(1);
    ledger.record(
      Array.from({ length: 100 }, (_, i) => ({ i, s: 'sent' as const, p: `id${i}` })),
      2,
    );
    expect(io.log.filter((c) => c.operation === 'fsync')).toHaveLength(1);
    ledger.close();
  });

  it('a commit the disk refuses half-way leaves no line, changes nothing, and throws the cause in words', () => {
    const io = faultyIo();
    const dir = dirIn();
    const ledger = RecipientLedger.create(dir, recipients(10), io);
    ledger.commit([{ i: 0, s: 'sending' }], 1);
    const before = journalOf(dir);
    io.fail({ code: 'ENOSPC', operations: ['write'], partialBytes: 30 });
    let thrown: unknown;
    try {
      ledger.commit(
        [
          { i: 1, s: 'sending' },
          { i: 2, s: 'sending' },
        ],
        2,
      );
    } catch (error) {
      thrown = error;
    }
    expect(thrown).toBeInstanceOf(StorageError);
    expect((thrown as StorageError).message).toBe('The relay cannot write to its data folder: disk full');
    expect(io.failures).toBe(1);
    expect(journalOf(dir)).toBe(before); // the 30 bytes that landed were cut off again
    expect([ledger.state(1), ledger.state(2)]).toEqual(['queued', 'queued']);
    io.heal();
    ledger.commit([{ i: 1, s: 'sending' }], 3);
    ledger.close();
    const again = RecipientLedger.open(dir);
    expect([0, 1, 2].map((i) => again.state(i))).toEqual(['sending', 'sending', 'queued']);
    again.close();
  });

  it('torn bytes the disk would not let us cut are cut by the next write, and the file reopens clean', () => {
    const io = faultyIo();
    const dir = dirIn();
    const ledger = RecipientLedger.create(dir, recipients(10), io);
    io.fail({ code: 'EIO', partialBytes: 25 }); // the truncate fails too
    expect(() => ledger.commit([{ i: 1, s: 'sending' }], 1)).toThrow(StorageError);
    expect(journalOf(dir)).toHaveLength(25);
    io.heal();
    ledger.commit([{ i: 2, s: 'sending' }], 2);
    ledger.close();
    const again = RecipientLedger.open(dir);
    expect([1, 2].map((i) => again.state(i))).toEqual(['queued', 'sending']);
    again.close();
  });

  it('outcomes whose write fails stay in memory and go first in the next write', () => {
    const io = faultyIo();
    const dir = dirIn();
    const ledger = RecipientLedger.create(dir, recipients(10), io);
    ledger.commit(
      [
        { i: 0, s: 'sending' },
        { i: 1, s: 'sending' },
      ],
      1,
    );
    io.fail({ code: 'ENOSPC', operations: ['write'] });
    expect(() => ledger.record([{ i: 0, s: 'sent', p: 'A' }], 2)).toThrow(StorageError);
    expect(ledger.state(0)).toBe('sent');
    expect(ledger.hasUnwritten).toBe(true);
    io.heal();
    ledger.commit([{ i: 2, s: 'sending' }], 3);
    expect(ledger.hasUnwritten).toBe(false);
    ledger.close();
    const again = RecipientLedger.open(dir);
    expect([0, 1, 2].map((i) => again.state(i))).toEqual(['sent', 'sending', 'sending']);
    expect(again.providerIds[0]).toBe('A');
    again.close();
  });

  it('a torn last line is cut off the file on open, so what is appended next starts on a line of its own', () => {
    const dir = dirIn();
    const ledger = RecipientLedger.create(dir, recipients(10));
    ledger.commit([{ i: 0, s: 'sending' }], 1);
    ledger.close();
    appendFileSync(join(dir, 'journal.jsonl'), '{"i":1,"s":"se');
    const reopened = RecipientLedger.open(dir);
    reopened.record([{ i: 0, s: 'unknown', e: 'crash' }], 2);
    reopened.close();
    expect(
      journalOf(dir)
        .split('\n')
        .filter(Boolean)
        .map((line) => JSON.parse(line).s),
    ).toEqual(['sending', 'unknown']);
    const third = RecipientLedger.open(dir); // the second restart used to refuse here
    expect([third.state(0), third.state(1)]).toEqual(['unknown', 'queued']);
    third.close();
  });

  it('compaction while running keeps the state, empties the journal, and a full disk only postpones it', () => {
    const io = faultyIo();
    const dir = dirIn();
    const ledger = RecipientLedger.create(dir, recipients(10), io);
    ledger.commit(
      [
        { i: 0, s: 'sending' },
        { i: 1, s: 'sending' },
      ],
      1,
    );
    ledger.record(
      [
        { i: 0, s: 'sent', p: 'A' },
        { i: 1, s: 'unknown', e: 'timeout' },
      ],
      2,
    );
    io.fail({ code: 'ENOSPC', path: (p) => p.includes('snapshot') });
    ledger.compactIfLong(3);
    expect(journalOf(dir)).not.toBe('');
    io.heal();
    ledger.compactIfLong(3);
    expect(journalOf(dir)).toBe('');
    ledger.close();
    const again = RecipientLedger.open(dir);
    expect([again.state(0), again.state(1), again.providerIds[0]]).toEqual(['sent', 'unknown', 'A']);
    expect(again.handedOverAt.get(1)).toBe(1);
    again.close();
  });

  it('a recipient skipped at dispatch stays skipped after compaction and a reopen', () => {
    const dir = dirIn();
    const ledger = RecipientLedger.create(dir, recipients(5));
    ledger.record([{ i: 2, s: 'skipped', e: 'do_not_use_sms' }], 1);
    ledger.compact();
    ledger.close();
    const again = RecipientLedger.open(dir);
    expect(again.state(2)).toBe('skipped');
    expect(again.counters()).toMatchObject({ queued: 4, skipped: { do_not_use_sms: 1 } });
    again.close();
  });

  it('a closed ledger writes and reads nothing, so a recycled file handle can never receive its lines', () => {
    const dir = dirIn();
    const ledger = RecipientLedger.create(dir, recipients(5));
    ledger.close();
    expect(() => ledger.commit([{ i: 0, s: 'sending' }], 1)).toThrow(/was closed/);
    expect(() => ledger.recipients.getMany([0])).toThrow();
    expect(journalOf(dir)).toBe('');
  });

  it('new texts the disk refuses leave the old recipients file, and the ledger, as they were', () => {
    const io = faultyIo();
    const dir = dirIn();
    const ledger = RecipientLedger.create(dir, recipients(5), io);
    io.fail({ code: 'ENOSPC', operations: ['rename'] });
    expect(() => ledger.replaceTexts(new Map([[1, { text: 'новый', parts: 1 }]]))).toThrow(StorageError);
    io.heal();
    expect(ledger.recipients.get(1).text).toBe('hi 1');
    expect(readdirSync(dir).filter((f) => f.endsWith('.tmp'))).toEqual([]);
    ledger.commit([{ i: 1, s: 'sending' }], 2);
    ledger.close();
    expect(RecipientLedger.open(dir).recipients.get(1).text).toBe('hi 1');
  });

  it('a frozen audience that cannot be written in full is never put in place', () => {
    const io = faultyIo();
    const dir = dirIn();
    const writer = RecipientLedger.writer(dir, io);
    writer.add(recipients(10));
    io.fail({ code: 'ENOSPC', operations: ['fsync'] });
    expect(() => writer.finish()).toThrow(StorageError);
    writer.abort();
    expect(existsSync(dir)).toBe(false);
  });

  it("the frozen audience is fsync'd before it is renamed into place, and its folder after", () => {
    const io = faultyIo();
    const dir = dirIn();
    RecipientLedger.create(dir, recipients(3), io).close();
    const steps = io.log.filter((c) => c.path.includes('recipients') || c.path === dir).map((c) => `${c.operation} ${c.path.slice(dir.length)}`);
    expect(steps).toEqual(['open /recipients.jsonl.tmp', 'write /recipients.jsonl.tmp', 'fsync /recipients.jsonl.tmp', 'rename /recipients.jsonl', 'open ', 'fsync ']);
  });
});

describe('the contact directory on a failing disk', () => {
  type Row = { id: string; v: number };
  it('a group the disk refuses is neither in memory nor on disk, and the log goes on once space is back', () => {
    const io = faultyIo();
    const file = join(mkdtempSync(join(tmpdir(), 'durable-log-')), 'rows.jsonl');
    const log = RecordLog.open<Row>(file, (r) => r.id, undefined, io);
    log.putMany([{ id: 'a', v: 1 }]);
    const size = statSync(file).size;
    io.fail({ code: 'EDQUOT', operations: ['write'], partialBytes: 10 });
    expect(() =>
      log.putMany([
        { id: 'a', v: 2 },
        { id: 'b', v: 1 },
      ]),
    ).toThrow(/disk quota exceeded/);
    expect(log.get('a')).toEqual({ id: 'a', v: 1 });
    expect(log.has('b')).toBe(false);
    expect(statSync(file).size).toBe(size);
    io.heal();
    log.putMany([{ id: 'c', v: 1 }]);
    log.close();
    const again = RecordLog.open<Row>(file, (r) => r.id);
    expect([...again.all()]).toEqual([
      { id: 'a', v: 1 },
      { id: 'c', v: 1 },
    ]);
    again.close();
  });

  it('a compaction that cannot even start (no file handles left) leaves the committed write standing', async () => {
    const io = faultyIo();
    const file = join(mkdtempSync(join(tmpdir(), 'durable-log-')), 'rows.jsonl');
    const log = RecordLog.open<Row>(file, (r) => r.id, undefined, io);
    const big = 'x'.repeat(1_200_000);
    log.putMany([{ id: 'a', v: 1, big } as Row]);
    io.fail({ code: 'EMFILE', operations: ['open'], path: (p) => p.endsWith('.tmp') });
    // Superseding the big record makes the file outweigh the live ones: compaction is due, and fails.
    expect(() =>
      log.putMany([
        { id: 'a', v: 2 },
        { id: 'b', v: 1 },
      ]),
    ).not.toThrow();
    expect(log.wantsCompaction).toBe(true);
    expect(await log.compact()).toBe(false);
    expect(io.failures).toBe(1);
    expect([log.get('a'), log.get('b')]).toEqual([
      { id: 'a', v: 2 },
      { id: 'b', v: 1 },
    ]);
    io.heal();
    log.close();
    const again = RecordLog.open<Row>(file, (r) => r.id);
    expect(again.get('a')).toEqual({ id: 'a', v: 2 });
    again.close();
  });

  it("every group is fsync'd before putMany returns", () => {
    const io = faultyIo();
    const file = join(mkdtempSync(join(tmpdir(), 'durable-log-')), 'rows.jsonl');
    const log = RecordLog.open<Row>(file, (r) => r.id, undefined, io);
    io.log.length = 0;
    log.putMany([
      { id: 'a', v: 1 },
      { id: 'b', v: 1 },
    ]);
    expect(io.log.map((c) => c.operation)).toEqual(['write', 'fsync']);
    log.close();
  });
});

describe('the small lowdb collections on a failing disk', () => {
  it('a change the disk refuses leaves the file and memory as they were; the next one lands', async () => {
    const io = faultyIo();
    const file = join(mkdtempSync(join(tmpdir(), 'durable-db-')), 'mailings.json');
    const db = await JsonDb.open<{ rows: { id: string; status: string }[] }>(file, { rows: [] }, io);
    await db.update((data) => void data.rows.push({ id: 'm1', status: 'running' }));
    io.fail({ code: 'EROFS' });
    await expect(db.update((data) => void (data.rows[0]!.status = 'paused'))).rejects.toThrow('The relay cannot write to its data folder: the data folder is read-only');
    expect(db.data.rows[0]!.status).toBe('running');
    expect(JSON.parse(readFileSync(file, 'utf8')).rows[0].status).toBe('running');
    io.heal();
    await db.update((data) => void (data.rows[0]!.status = 'paused'));
    expect(db.data.rows[0]!.status).toBe('paused');
    expect(JSON.parse(readFileSync(file, 'utf8')).rows[0].status).toBe('paused');
  });

  it('writes a temporary file, fsyncs it, renames it over the old one and fsyncs the folder, in that order', async () => {
    const io = faultyIo();
    const dir = mkdtempSync(join(tmpdir(), 'durable-db-'));
    const db = await JsonDb.open<{ n: number }>(join(dir, 'x.json'), { n: 0 }, io);
    io.log.length = 0;
    await db.update((data) => void (data.n = 1));
    expect(io.log.map((c) => `${c.operation} ${c.path.slice(dir.length)}`)).toEqual([
      'open /x.json.tmp',
      'write /x.json.tmp',
      'fsync /x.json.tmp',
      'rename /x.json',
      'open ',
      'fsync ',
    ]);
  });
});
