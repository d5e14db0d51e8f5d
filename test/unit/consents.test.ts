import { appendFileSync, mkdtempSync, readFileSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { consentSourcesFor, type ConsentRecord } from '../../shared/consent';
import { consentHistoryCsv } from '../../relay/contacts/consent-csv';
import { consentOf, importedConsents, recordConsent, withdrawalsOf } from '../../relay/contacts/consents';
import { lacksConsent } from '../../relay/mailings/advertising-consent';
import { ConsentStore } from '../../relay/store/consents';
import { CorruptDataError } from '../../relay/store/json-db';
import { StorageError } from '../../relay/store/storage-error';
import { faultyIo } from '../support/faulty-io';

const fileIn = () => join(mkdtempSync(join(tmpdir(), 'consents-')), 'consents.jsonl');
const at = (minute: number) => new Date(Date.UTC(2026, 10, 24, 10, minute));
const record = (crmId: string, granted: boolean, minute = 0): ConsentRecord => ({ crmId, granted, source: 'agent', at: at(minute).toISOString(), by: 'anna' });
const directoryOf = (consents: ConsentStore, ...crmIds: string[]) => ({ contacts: { has: (id: string) => crmIds.includes(id) }, consents });

describe('the consent store (consents.jsonl)', () => {
  it('keeps every record across a reopen; the consent now is the latest, the history is never rewritten', () => {
    const file = fileIn();
    const store = ConsentStore.open(file);
    store.append([record('a', true, 1), record('b', true, 1)]);
    store.append([record('a', false, 2)]);
    const before = readFileSync(file, 'utf8');
    store.append([record('a', true, 3)]);
    store.close();
    // Append-only: what was on disk is still there, byte for byte, at the start of the file.
    expect(readFileSync(file, 'utf8').startsWith(before)).toBe(true);
    const again = ConsentStore.open(file);
    expect(again.history('a').map((r) => r.granted)).toEqual([true, false, true]);
    expect(again.current('a')).toMatchObject({ granted: true, at: at(3).toISOString() });
    expect(again.granted('b')).toBe(true);
    expect(again.granted('nobody')).toBe(false);
    expect(again.current('nobody')).toBeUndefined();
    again.close();
  });

  it('drops a group cut short by a crash, whole, and appends after it cleanly', () => {
    const file = fileIn();
    const store = ConsentStore.open(file);
    store.append([record('a', true)]);
    store.close();
    appendFileSync(file, `${JSON.stringify(record('b', true))}\n{"crmId":"a","gran`);
    const again = ConsentStore.open(file);
    expect(again.granted('b')).toBe(false);
    expect(again.history('a')).toHaveLength(1);
    again.append([record('c', true)]);
    again.close();
    const third = ConsentStore.open(file);
    expect([third.granted('a'), third.granted('b'), third.granted('c')]).toEqual([true, false, true]);
    third.close();
  });

  it('refuses a file with garbage before a commit instead of losing what follows', () => {
    const file = fileIn();
    writeFileSync(file, `${JSON.stringify(record('a', true))}\n{"$commit":true}\nnot json\n{"$commit":true}\n`);
    expect(() => ConsentStore.open(file)).toThrow(CorruptDataError);
    expect(() => ConsentStore.open(file)).toThrow(/line 3/);
  });

  it('a write the disk refuses (full, part-way) changes nothing, on disk or in memory; the next one lands whole', () => {
    const file = fileIn();
    const io = faultyIo();
    const store = ConsentStore.open(file, io);
    store.append([record('a', true, 1)]);
    const before = readFileSync(file, 'utf8');
    io.fail({ code: 'ENOSPC', operations: ['write'], partialBytes: 10 });
    expect(() => store.append([record('a', false, 2), record('b', true, 2)])).toThrow(StorageError);
    expect(store.granted('a')).toBe(true);
    expect(store.history('a')).toHaveLength(1);
    expect(store.granted('b')).toBe(false);
    expect(readFileSync(file, 'utf8')).toBe(before);
    // Positive control: once there is room the same write is stored.
    io.heal();
    store.append([record('a', false, 3)]);
    store.close();
    const again = ConsentStore.open(file);
    expect(again.history('a').map((r) => r.granted)).toEqual([true, false]);
    again.close();
  });
});

describe('consent rules', () => {
  it('records only for a contact of the directory; the view is newest first', () => {
    const store = ConsentStore.open(fileIn());
    const directory = directoryOf(store, 'c1');
    expect(() => recordConsent(directory, 'ghost', { granted: true, source: 'agent', by: 'anna', at: at(0) })).toThrow(/No contact/);
    expect(store.history('ghost')).toEqual([]);
    recordConsent(directory, 'c1', { granted: true, source: 'agent', comment: 'по телефону', by: 'anna', at: at(1) });
    recordConsent(directory, 'c1', { granted: false, source: 'crm', comment: '', by: 'boris', at: at(2) });
    const view = consentOf(directory, 'c1');
    expect(view.current).toEqual({ crmId: 'c1', granted: false, source: 'crm', at: at(2).toISOString(), by: 'boris' });
    expect(view.history.map((r) => r.comment ?? null)).toEqual([null, 'по телефону']);
  });

  it('a STOP reply withdraws the consent of every contact with the number once, not again for one already withdrawn', () => {
    const store = ConsentStore.open(fileIn());
    store.append([record('a', true), record('b', false), record('c', true)]);
    const written = withdrawalsOf(store, ['a', 'b', 'a', 'new'], { source: 'reply', by: 'relay', comment: 'СТОП', at: at(5) });
    store.append(written);
    expect(written.map((r) => r.crmId)).toEqual(['a', 'new']);
    expect(store.current('a')).toMatchObject({ granted: false, source: 'reply', comment: 'СТОП' });
    expect(store.history('b')).toHaveLength(1);
    expect(store.granted('c')).toBe(true);
  });

  it('a CSV import records only what changes, so the same file imported twice adds nothing', () => {
    const store = ConsentStore.open(fileIn());
    const rows = [{ crmId: 'a', consent: true }, { crmId: 'b', consent: false }, { crmId: 'c' }];
    const first = importedConsents(store, rows, { by: 'marina', at: at(1) });
    expect(first.map((r) => [r.crmId, r.granted, r.source])).toEqual([
      ['a', true, 'csv'],
      ['b', false, 'csv'],
    ]);
    store.append(first);
    expect(importedConsents(store, rows, { by: 'marina', at: at(2) })).toEqual([]);
    expect(importedConsents(store, [{ crmId: 'a', consent: false }], { by: 'marina', at: at(3) })).toHaveLength(1);
  });

  it('an advertising mailing needs a granted consent now; a service mailing ignores consent', () => {
    const store = ConsentStore.open(fileIn());
    store.append([record('yes', true), record('withdrawn', true, 1), record('withdrawn', false, 2)]);
    expect(['yes', 'withdrawn', 'never'].map((id) => lacksConsent('advertising', store, id))).toEqual([false, true, true]);
    expect(['yes', 'withdrawn', 'never'].map((id) => lacksConsent('service', store, id))).toEqual([false, false, false]);
  });

  it('an agent records its own word or the CRM field; marketers and admins any source', () => {
    expect(consentSourcesFor('agent')).toEqual(['agent', 'crm']);
    expect(consentSourcesFor('marketer')).toEqual(['crm', 'csv', 'agent', 'reply']);
    expect(consentSourcesFor('admin')).toEqual(consentSourcesFor('marketer'));
  });

  it('the history CSV is formula-safe proof in the user’s language', () => {
    const history: ConsentRecord[] = [{ crmId: 'c1', granted: true, source: 'agent', comment: '=HYPERLINK("http://evil")', at: at(1).toISOString(), by: '@anna' }];
    const ru = consentHistoryCsv(history, 'ru');
    expect(ru.split('\r\n')[0]).toBe('\ufeffID контакта;Дата и время (UTC);Согласие на рекламу;Источник;Кто записал;Комментарий');
    expect(ru).toContain(`c1;24.11.2026 10:01:00;Дано;Менеджер в карточке;'@anna;"'=HYPERLINK(""http://evil"")"`);
    expect(consentHistoryCsv(history, 'en')).toContain('Given,Agent on the card');
  });
});
