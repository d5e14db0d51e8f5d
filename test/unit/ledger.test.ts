import { appendFileSync, existsSync, mkdirSync, mkdtempSync, readFileSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { RecipientLedger, type FrozenRecipient } from '../../relay/store/line-file-mailings/ledger';

const recipients = (n: number): FrozenRecipient[] =>
  Array.from({ length: n }, (_, i) => ({
    contactId: `c${i}`,
    name: `N${i}`,
    phone: i === 3 ? null : `7912000${String(i).padStart(4, '0')}`,
    country: 'RU',
    text: i === 3 ? null : `hi ${i}`,
    parts: 1,
    skip: i === 3 ? ('no_phone' as const) : null,
  }));

describe('recipient ledger', () => {
  it('replays the journal into the same state after a reopen', () => {
    const dir = join(mkdtempSync(join(tmpdir(), 'ledger-')), 'm1');
    const ledger = RecipientLedger.create(dir, recipients(5));
    ledger.record(
      [
        { i: 0, s: 'sending' },
        { i: 1, s: 'sending' },
      ],
      1,
    );
    ledger.record(
      [
        { i: 0, s: 'sent', p: 'id0', c: 1.5 },
        { i: 1, s: 'failed', e: 'bad number' },
      ],
      2,
    );
    ledger.record([{ i: 0, s: 'delivered' }], 3);
    ledger.close();
    const again = RecipientLedger.open(dir);
    expect([0, 1, 2, 3, 4].map((i) => again.state(i))).toEqual(['delivered', 'failed', 'queued', 'skipped', 'queued']);
    expect(again.providerIds[0]).toBe('id0');
    expect(again.costs[0]).toBe(1.5);
    expect(again.errors.get(1)).toBe('bad number');
    expect(again.counters()).toMatchObject({ total: 5, queued: 2, delivered: 1, failed: 1, skipped: { no_phone: 1 } });
    again.close();
  });

  it('ignores a torn last line (a kill mid-append) and refuses garbage in the middle', () => {
    const dir = join(mkdtempSync(join(tmpdir(), 'ledger-')), 'm2');
    const ledger = RecipientLedger.create(dir, recipients(5));
    ledger.record([{ i: 2, s: 'sending' }], 1);
    ledger.close();
    appendFileSync(join(dir, 'journal.jsonl'), '{"i":2,"s":"se');
    const reopened = RecipientLedger.open(dir);
    expect(reopened.state(2)).toBe('sending');
    reopened.close();
    const broken = join(mkdtempSync(join(tmpdir(), 'ledger-')), 'm3');
    RecipientLedger.create(broken, recipients(5)).close();
    appendFileSync(join(broken, 'journal.jsonl'), 'garbage\n{"i":0,"s":"sending","t":1}\n{"i":0,"s":"sent","t":2}\n');
    expect(() => RecipientLedger.open(broken)).toThrow(/journal\.jsonl line 1 is not a ledger entry/);
  });

  it('compacts into a snapshot and an empty journal without changing anything', () => {
    const dir = join(mkdtempSync(join(tmpdir(), 'ledger-')), 'm4');
    const ledger = RecipientLedger.create(dir, recipients(5));
    ledger.record(
      [
        { i: 0, s: 'sending' },
        { i: 4, s: 'sending' },
      ],
      1,
    );
    ledger.record(
      [
        { i: 0, s: 'sent', p: 'a' },
        { i: 4, s: 'unknown', e: 'timeout' },
      ],
      2,
    );
    ledger.compact();
    expect(readFileSync(join(dir, 'journal.jsonl'), 'utf8')).toBe('');
    ledger.record([{ i: 0, s: 'delivered' }], 3);
    ledger.close();
    const again = RecipientLedger.open(dir);
    expect([0, 4].map((i) => again.state(i))).toEqual(['delivered', 'unknown']);
    expect(again.attempts[4]).toBe(1);
    again.close();
  });

  it('reads frozen recipients back from disk exactly, in any order, and keeps only small columns in memory', () => {
    const dir = join(mkdtempSync(join(tmpdir(), 'ledger-')), 'm5');
    const frozen = recipients(5).map((r, i) => (i === 2 ? { ...r, name: 'Ёлкина «Ромашка»', text: 'Привет, Ёлкина! 🎉', timeZone: 'Asia/Yekaterinburg' } : r));
    const ledger = RecipientLedger.create(dir, frozen);
    expect(ledger.recipients.getMany([4, 0, 1, 2])).toEqual([frozen[4], frozen[0], frozen[1], frozen[2]]);
    expect(ledger.recipients.timeZone(2)).toBe('Asia/Yekaterinburg');
    expect(ledger.recipients.timeZone(1)).toBeUndefined();
    expect(ledger.recipients.skip(3)).toBe('no_phone');
    expect(ledger.recipients.contactId(4)).toBe('c4');
    ledger.close();
    const again = RecipientLedger.open(dir);
    expect([...again.recipients.all()]).toEqual(frozen);
    again.close();
  });

  it('new texts for queued recipients replace only theirs, on disk too', () => {
    const dir = join(mkdtempSync(join(tmpdir(), 'ledger-')), 'm6');
    const ledger = RecipientLedger.create(dir, recipients(5));
    ledger.replaceTexts(new Map([[1, { text: 'новый текст', parts: 1 }]]));
    expect(ledger.recipients.get(1).text).toBe('новый текст');
    expect(ledger.recipients.get(2).text).toBe('hi 2');
    ledger.close();
    expect(RecipientLedger.open(dir).recipients.get(1).text).toBe('новый текст');
  });

  it('opens a ledger an older relay wrote (recipients.json, one array)', () => {
    const dir = join(mkdtempSync(join(tmpdir(), 'ledger-')), 'm7');
    mkdirSync(dir);
    writeFileSync(join(dir, 'recipients.json'), JSON.stringify(recipients(5)));
    writeFileSync(join(dir, 'journal.jsonl'), '{"i":0,"s":"sending","t":1}\n{"i":0,"s":"sent","p":"x","t":2}\n');
    expect(RecipientLedger.exists(dir)).toBe(true);
    const ledger = RecipientLedger.open(dir);
    expect(ledger.state(0)).toBe('sent');
    expect(ledger.recipients.get(4)).toEqual(recipients(5)[4]);
    expect(existsSync(join(dir, 'recipients.json'))).toBe(false);
    ledger.close();
  });
});
