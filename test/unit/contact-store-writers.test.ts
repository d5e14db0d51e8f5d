import { mkdtempSync, statSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { searchContacts } from '../../relay/contacts/search-contacts';
import { storeMany } from '../../relay/contacts/store-many';
import { upsertContact } from '../../relay/contacts/upsert-contact';
import { countMembers } from '../../relay/groups/group-members';
import { ContactStore, type StoredContact } from '../../relay/store/contacts';
import { StorageError } from '../../relay/store/storage-error';
import type { Store } from '../../relay/store/store';
import { faultyIo } from '../support/faulty-io';

const fileIn = () => join(mkdtempSync(join(tmpdir(), 'contact-writers-')), 'contacts.jsonl');
const now = new Date('2026-11-24T10:00:00Z');
const contact = (crmId: string, patch: Partial<StoredContact> = {}): StoredContact => ({
  crmId,
  name: `Имя ${crmId}`,
  phones: [],
  doNotUseSms: null,
  fields: {},
  createdAt: now.toISOString(),
  updatedAt: now.toISOString(),
  ...patch,
});

describe('writers of the contact directory take turns', () => {
  it('a page visit during a long import waits for it, and does not undo what the import read and merged', async () => {
    const contacts = ContactStore.open(fileIn());
    const store = { contacts } as Store;
    await upsertContact(store, 'RU', 'crm:1', { name: 'Анна', phones: [], doNotUseSms: null, fields: {} }, now);
    let visit: Promise<unknown> | undefined;
    let turns = 0;
    const imported = storeMany(
      store,
      'RU',
      [
        { crmId: 'crm:1', snapshot: { name: 'Анна', phones: [], doNotUseSms: true, fields: { Сегмент: 'VIP' } } },
        { crmId: 'crm:2', snapshot: { name: 'Борис', phones: [], doNotUseSms: null, fields: {} } },
      ],
      now,
      async () => {
        // The page visit comes while the import takes its turns: it must not write in between.
        if (++turns === 1) visit = upsertContact(store, 'RU', 'crm:1', { name: 'Анна Петровна', phones: [], doNotUseSms: true, fields: { Сегмент: 'VIP' } }, now);
        await new Promise((resolve) => setImmediate(resolve));
        expect(contacts.get('crm:1')?.name).toBe('Анна');
      },
    );
    expect(await imported).toEqual({ created: 1, updated: 1, unchanged: 0 });
    expect(await visit).toMatchObject({ created: false, changed: true });
    expect(contacts.get('crm:1')).toMatchObject({ name: 'Анна Петровна', doNotUseSms: true, fields: { Сегмент: 'VIP' } });
    expect(searchContacts(store, 'анна петровна', 10).map((c) => c.crmId)).toEqual(['crm:1']);
    contacts.close();
  });

  it('compacts the file after a write that made it due, without holding the writer that made it due', async () => {
    const file = fileIn();
    const contacts = ContactStore.open(file);
    const round = (v: number) => Array.from({ length: 3000 }, (_, i) => contact(`c${i}`, { name: `Имя ${i} ${v}`, city: 'к'.repeat(200) }));
    await contacts.putMany(round(0));
    const oneRound = statSync(file).size;
    await contacts.putMany(round(1));
    // The write that makes superseded records outweigh the live ones answers at once, before the compaction.
    await contacts.putMany(round(2));
    expect(statSync(file).size).toBeGreaterThan(2.5 * oneRound);
    const late = contacts.put(contact('late'));
    await contacts.settled();
    expect(statSync(file).size).toBeLessThan(1.2 * oneRound);
    await late;
    expect([contacts.size, contacts.get('c2999')?.name, contacts.get('late')?.name]).toEqual([3001, 'Имя 2999 2', 'Имя late']);
    expect(searchContacts({ contacts } as Store, 'имя 2999 2', 5).map((c) => c.crmId)).toEqual(['c2999']);
    contacts.close();
  });

  it('a big import the disk refuses part-way stores nothing of it', async () => {
    const io = faultyIo();
    const file = fileIn();
    const contacts = ContactStore.open(file, undefined, io);
    const store = { contacts } as Store;
    await contacts.put(contact('kept'));
    const rows = Array.from({ length: 5000 }, (_, i) => ({
      crmId: `csv:${i}`,
      snapshot: { name: `Клиент ${i}`, phones: [], doNotUseSms: null, fields: { Партия: 'весна' } },
    }));
    let turns = 0;
    const importing = storeMany(store, 'RU', rows, now, async () => {
      if (++turns === 3000) io.fail({ code: 'ENOSPC', operations: ['write'], partialBytes: 100 });
    });
    await expect(importing).rejects.toThrow(StorageError);
    io.heal();
    expect([contacts.size, contacts.has('csv:0'), contacts.customFieldNames()]).toEqual([1, false, []]);
    contacts.close();
    const again = ContactStore.open(file);
    expect([...again.all()].map((c) => c.crmId)).toEqual(['kept']);
    again.close();
  });

  it('a write the disk refuses changes neither the directory nor the index, and the next writer goes ahead', async () => {
    const io = faultyIo();
    const contacts = ContactStore.open(fileIn(), undefined, io);
    const store = { contacts } as Store;
    await contacts.put(contact('a', { account: 'Ромашка' }));
    io.fail({ code: 'ENOSPC', operations: ['write'] });
    await expect(contacts.putMany([contact('a', { account: 'Лютик', doNotUseSms: true }), contact('b', { fields: { Новое: 'x' } })])).rejects.toThrow(StorageError);
    expect(contacts.doNotUseSms('a')).toBeNull();
    expect(contacts.has('b')).toBe(false);
    expect(searchContacts(store, 'лютик', 10)).toEqual([]);
    expect(countMembers(store, { kind: 'dynamic', contacts: [], filter: { combinator: 'and', rules: [{ field: 'account', op: 'eq', value: 'Ромашка' }] } })).toBe(1);
    expect(contacts.customFieldNames()).toEqual([]);
    io.heal();
    await contacts.put(contact('b', { account: 'Лютик' }));
    expect(searchContacts(store, 'лютик', 10).map((c) => c.crmId)).toEqual(['b']);
    contacts.close();
  });
});
