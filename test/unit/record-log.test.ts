import { appendFileSync, mkdtempSync, readFileSync, statSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { ContactStore, type StoredContact } from '../../relay/store/contacts';
import { COMPACT_CHUNK, RecordLog } from '../../relay/store/record-log';

type Row = { id: string; v: number; text?: string };
const fileIn = () => join(mkdtempSync(join(tmpdir(), 'record-log-')), 'rows.jsonl');
const open = (file: string) => RecordLog.open<Row>(file, (r) => r.id);
const contact = (crmId: string, patch: Partial<StoredContact> = {}): StoredContact => ({
  crmId,
  name: `Имя ${crmId}`,
  phones: [],
  doNotUseSms: null,
  fields: {},
  createdAt: '2026-01-01T00:00:00.000Z',
  updatedAt: '2026-01-01T00:00:00.000Z',
  ...patch,
});

describe('record log (the contact directory on disk)', () => {
  it('keeps the latest record of each key across a reopen, in order of first storage', () => {
    const file = fileIn();
    const log = open(file);
    log.putMany([
      { id: 'a', v: 1 },
      { id: 'b', v: 1, text: 'Ромашка' },
    ]);
    log.putMany([{ id: 'a', v: 2 }]);
    log.close();
    const again = open(file);
    expect(again.get('a')).toEqual({ id: 'a', v: 2 });
    expect(again.get('b')).toEqual({ id: 'b', v: 1, text: 'Ромашка' });
    expect(again.get('c')).toBeUndefined();
    expect([...again.all()].map((r) => `${r.id}${r.v}`)).toEqual(['b1', 'a2']);
    again.close();
  });

  it('drops a group whose commit never reached the disk (a kill mid-write), whole, and appends after it cleanly', () => {
    const file = fileIn();
    const log = open(file);
    log.putMany([{ id: 'a', v: 1 }]);
    log.close();
    // A group of two written up to the middle of its second line: no commit line.
    appendFileSync(file, '{"id":"b","v":1}\n{"id":"a","v":9');
    const again = open(file);
    expect(again.size).toBe(1);
    expect(again.get('a')).toEqual({ id: 'a', v: 1 });
    expect(again.get('b')).toBeUndefined();
    again.putMany([{ id: 'c', v: 1 }]);
    again.close();
    const third = open(file);
    expect([...third.all()].map((r) => r.id)).toEqual(['a', 'c']);
    third.close();
  });

  it('refuses a file with garbage in the middle instead of losing what follows', () => {
    const file = fileIn();
    writeFileSync(file, '{"id":"a","v":1}\n{"$commit":true}\nnot json\n{"id":"b","v":1}\n{"$commit":true}\n');
    expect(() => open(file)).toThrow(/rows\.jsonl line 3 is not a record/);
  });

  it('a bad line in a group that never got its commit is part of the torn tail, not corruption', () => {
    const file = fileIn();
    writeFileSync(file, '{"id":"a","v":1}\n{"$commit":true}\n{"id":"b","v":1}\n{"id":"b","v\n');
    const log = open(file);
    expect([...log.all()]).toEqual([{ id: 'a', v: 1 }]);
    log.close();
    expect(readFileSync(file, 'utf8')).toBe('{"id":"a","v":1}\n{"$commit":true}\n');
  });

  it('rewrites itself without superseded records once they outweigh the live ones, keeping every value', async () => {
    const file = fileIn();
    const log = open(file);
    const text = 'х'.repeat(2000);
    let compactions = 0;
    for (let round = 0; round < 400; round++) {
      log.putMany([
        { id: 'a', v: round, text },
        { id: 'b', v: round, text },
      ]);
      if (log.wantsCompaction && (await log.compact())) compactions++;
    }
    expect(compactions).toBeGreaterThan(0);
    expect(statSync(file).size).toBeLessThan(3 * (1 << 20));
    expect(log.get('a')).toEqual({ id: 'a', v: 399, text });
    expect([...log.all()].map((r) => r.v)).toEqual([399, 399]);
    log.close();
    expect(open(file).get('b')?.v).toBe(399);
  });

  it('a compaction takes turns, reads go on meanwhile, and writes wait for it', async () => {
    const file = fileIn();
    const log = open(file);
    for (let round = 0; round < 3; round++) log.putMany(Array.from({ length: 5000 }, (_, i) => ({ id: `k${i}`, v: round, text: 'z'.repeat(300) })));
    expect(log.wantsCompaction).toBe(true);
    const before = statSync(file).size;
    const during: string[] = [];
    await log.compact(async () => {
      during.push(`${log.get('k4999')?.v}`);
      expect(() => log.putMany([{ id: 'late', v: 1 }])).toThrow(/being compacted; other writes must wait/);
    });
    // 5000 live records a chunk at a time: a turn after each chunk, the old file read meanwhile.
    expect(during).toEqual(Array.from({ length: Math.ceil(5000 / COMPACT_CHUNK) }, () => '2'));
    expect(statSync(file).size).toBeLessThan(before / 2.5);
    expect([...log.all()].every((r) => r.v === 2)).toBe(true);
    log.putMany([{ id: 'late', v: 1 }]);
    log.close();
    const again = open(file);
    expect([again.size, again.get('k0')?.v, again.get('late')?.v]).toEqual([5001, 2, 1]);
  });

  it('an iteration that outlives a write and a compaction still reads every record right', async () => {
    const file = fileIn();
    const log = open(file);
    log.putMany(Array.from({ length: 50 }, (_, i) => ({ id: `k${i}`, v: 0 })));
    const seen: number[] = [];
    for (const row of log.all()) {
      seen.push(row.v);
      if (seen.length === 10) {
        for (let round = 1; round < 200; round++) log.putMany([{ id: 'k0', v: round, text: 'y'.repeat(5000) }]);
        expect(await log.compact()).toBe(true);
      }
    }
    expect(seen).toHaveLength(50);
    expect(seen.slice(1).every((v) => v === 0)).toBe(true);
    log.close();
  });
});

describe('contact store', () => {
  it("moves an older relay's contacts.json over once, keeping every contact and its flag", () => {
    const dir = mkdtempSync(join(tmpdir(), 'contacts-'));
    writeFileSync(join(dir, 'contacts.json'), JSON.stringify({ contacts: [contact('x:1', { doNotUseSms: true }), contact('x:2', { fields: { Город: 'Казань' } })] }));
    const store = ContactStore.open(join(dir, 'contacts.jsonl'), join(dir, 'contacts.json'));
    expect(store.size).toBe(2);
    expect(store.doNotUseSms('x:1')).toBe(true);
    expect(store.doNotUseSms('x:2')).toBeNull();
    expect(store.customFieldNames()).toEqual(['Город']);
    store.close();
    expect(readFileSync(join(dir, 'contacts.json.migrated'), 'utf8')).toContain('x:1');
    const again = ContactStore.open(join(dir, 'contacts.jsonl'), join(dir, 'contacts.json'));
    expect(again.get('x:2')?.name).toBe('Имя x:2');
    again.close();
  });

  it('answers "do not use SMS" from memory, following each update', async () => {
    const dir = mkdtempSync(join(tmpdir(), 'contacts-'));
    const store = ContactStore.open(join(dir, 'contacts.jsonl'));
    await store.put(contact('x:1', { doNotUseSms: false }));
    expect(store.doNotUseSms('x:1')).toBe(false);
    await store.put(contact('x:1', { doNotUseSms: true }));
    expect(store.doNotUseSms('x:1')).toBe(true);
    expect(store.doNotUseSms('x:404')).toBeUndefined();
    store.close();
  });
});
