import { mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import type { ContactPhone } from '../../shared/api';
import { searchContacts, searchContactsJson } from '../../relay/contacts/search-contacts';
import { contactFilterSchema } from '../../shared/contact-filter';
import { compileFilter, type ContactFilter, type FilterRule } from '../../relay/groups/contact-filter';
import { countMembers, groupMembers } from '../../relay/groups/group-members';
import { ContactStore, type StoredContact } from '../../relay/store/contacts';
import { seededRandom } from '../support/seeded-random';
import { until } from '../support/wait';

const opened: ContactStore[] = [];
afterEach(() => opened.splice(0).forEach((store) => store.close()));

const fileIn = () => join(mkdtempSync(join(tmpdir(), 'contact-index-')), 'contacts.jsonl');
const open = (file: string) => {
  const store = ContactStore.open(file);
  opened.push(store);
  return store;
};
const mobile = (digits: string): ContactPhone => ({ number: `+${digits}`, type: 'mobile', digits, invalidReason: null, country: 'RU' });
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
const ids = (contacts: Iterable<StoredContact>) => [...contacts].map((c) => c.crmId);
const dynamic = (filter: ContactFilter) => ({ kind: 'dynamic' as const, contacts: [], filter: contactFilterSchema.parse(filter) });
const rule = (field: string, op: FilterRule['op'], value?: string): FilterRule => (value === undefined ? { field, op } : { field, op, value });
const members = (store: ContactStore, filter: ContactFilter) => ids(groupMembers({ contacts: store }, dynamic(filter)));
const count = (store: ContactStore, filter: ContactFilter) => countMembers({ contacts: store }, dynamic(filter));

describe('the contact index follows every write', () => {
  it('finds a contact whose phone changed by its new digits only', async () => {
    const store = open(fileIn());
    await store.put(contact('a', { phones: [mobile('79120001111')] }));
    expect(ids(searchContacts({ contacts: store }, '0001111', 50))).toEqual(['a']);
    await store.put(contact('a', { phones: [mobile('79125552222')] }));
    expect(ids(searchContacts({ contacts: store }, '0001111', 50))).toEqual([]);
    expect(ids(searchContacts({ contacts: store }, '555-22', 50))).toEqual(['a']);
  });

  it('finds a renamed contact by its new name, and lists it where the directory does: after the others', async () => {
    const store = open(fileIn());
    await store.putMany([contact('a', { name: 'Анна Петрова' }), contact('b', { name: 'Борис Петров' })]);
    await store.put(contact('a', { name: 'Анна Сидорова' }));
    expect(ids(searchContacts({ contacts: store }, 'петров', 50))).toEqual(['b']);
    expect(ids(searchContacts({ contacts: store }, 'сидорова', 50))).toEqual(['a']);
    expect(ids(searchContacts({ contacts: store }, '', 50))).toEqual(ids(store.all()));
    expect(ids(searchContacts({ contacts: store }, '', 50))).toEqual(['b', 'a']);
  });

  it('keeps the do-not-SMS flag and the phone facts up to date', async () => {
    const store = open(fileIn());
    await store.putMany([contact('a', { doNotUseSms: true, phones: [mobile('79120000001')] }), contact('b', { doNotUseSms: false })]);
    expect([store.doNotUseSms('a'), store.doNotUseSms('b'), store.doNotUseSms('nobody')]).toEqual([true, false, undefined]);
    expect(members(store, { combinator: 'and', rules: [rule('doNotUseSms', 'is_true')] })).toEqual(['a']);
    expect(members(store, { combinator: 'and', rules: [rule('hasMobile', 'is_true')] })).toEqual(['a']);
    await store.put(contact('a', { doNotUseSms: null, phones: [{ number: '8 843 123-45-67', type: 'work', digits: '78431234567', invalidReason: null }] }));
    expect(store.doNotUseSms('a')).toBeNull();
    expect(count(store, { combinator: 'and', rules: [rule('doNotUseSms', 'is_true')] })).toBe(0);
    expect(count(store, { combinator: 'and', rules: [rule('hasMobile', 'is_true')] })).toBe(0);
    expect(members(store, { combinator: 'and', rules: [rule('hasPhone', 'is_true')] })).toEqual(['a']);
  });

  it('filters by custom fields, and forgets a value the contact no longer has', async () => {
    const store = open(fileIn());
    await store.putMany([contact('a', { fields: { Сегмент: 'VIP', Регион: 'Юг' } }), contact('b', { fields: { Сегмент: '  vip ' } })]);
    const vip = { combinator: 'and' as const, rules: [rule('fields.Сегмент', 'eq', 'VIP')] };
    expect(members(store, vip)).toEqual(['a', 'b']);
    expect(store.customFieldNames()).toEqual(['Регион', 'Сегмент']);
    await store.put(contact('a', { fields: { Регион: 'Юг' } }));
    expect(members(store, vip)).toEqual(['b']);
    expect(members(store, { combinator: 'and', rules: [rule('fields.Сегмент', 'empty')] })).toEqual(['a']);
    expect(members(store, { combinator: 'and', rules: [rule('fields.Нет такого', 'empty')] })).toEqual(['b', 'a']);
    expect(store.customFieldNames()).toEqual(['Регион', 'Сегмент']);
  });

  it('is built again from the file at open, superseded versions and all', async () => {
    const file = fileIn();
    const store = open(file);
    await store.putMany([contact('a', { account: 'Ромашка', phones: [mobile('79120000001')] }), contact('b', { account: 'Лютик' })]);
    await store.put(contact('a', { account: 'Лютик', doNotUseSms: true, phones: [mobile('79120000009')] }));
    store.close();
    opened.pop();
    const again = open(file);
    expect(members(again, { combinator: 'and', rules: [rule('account', 'eq', 'лютик')] })).toEqual(['b', 'a']);
    expect(count(again, { combinator: 'and', rules: [rule('account', 'eq', 'ромашка')] })).toBe(0);
    expect(ids(searchContacts({ contacts: again }, '0000001', 50))).toEqual([]);
    expect(ids(searchContacts({ contacts: again }, '0000009', 50))).toEqual(['a']);
    expect(again.doNotUseSms('a')).toBe(true);
  });

  it('counts a static group from memory, listed contacts that are in the directory only', async () => {
    const store = open(fileIn());
    await store.putMany([contact('a'), contact('b')]);
    expect(countMembers({ contacts: store }, { kind: 'static', contacts: ['a', 'zzz', 'b'], filter: null })).toBe(2);
  });

  it('counts an `or` of text rules by the contacts holding their values, each once, however many they pick, and after a change', async () => {
    const store = open(fileIn());
    // Rules that pick most of the directory and overlap: each contact must be counted once, not once a rule.
    const person = (k: number) =>
      contact(`p${k}`, {
        name: `Клиент ${k % 3 === 0 ? 'Фёдор' : 'Иван'}`,
        email: k % 2 === 0 ? `fedor${k}@example.com` : `ivan${k}@example.org`,
        city: k % 5 === 0 ? 'Казань' : null,
      });
    await store.putMany(Array.from({ length: 600 }, (_, k) => person(k)));
    const filter: ContactFilter = {
      combinator: 'or',
      rules: [rule('name', 'contains', 'федор'), rule('email', 'starts_with', 'fedor'), rule('city', 'eq', 'казань')],
    };
    const reference = () => [...store.all()].filter(compileFilter(contactFilterSchema.parse(filter))).length;
    // k % 3 == 0, k % 2 == 0 or k % 5 == 0: 600 − 600 · (2/3 · 1/2 · 4/5) = 440.
    expect(count(store, filter)).toBe(440);
    expect(count(store, filter)).toBe(reference());
    // Values come and go (the lists of who holds each value are worked out again).
    await store.putMany([contact('p0', { name: 'Пётр', email: 'petr@example.com' }), contact('p1', { name: 'Фёдор', email: undefined })]);
    expect(count(store, filter)).toBe(reference());
    expect(count(store, filter)).toBe(440);
    expect(count(store, { combinator: 'or', rules: [rule('email', 'starts_with', 'fedor'), rule('name', 'contains', 'федор')] })).toBe(
      [...store.all()].filter((c) => c.email?.startsWith('fedor') || c.name.includes('Фёдор')).length,
    );
  });
});

/** Search as the relay did it before the index: every contact read and compared (the reference). */
function searchByReading(contacts: Iterable<StoredContact>, query: string, limit: number): string[] {
  const needle = query.trim().toLocaleLowerCase('ru');
  const digits = query.replace(/\D/g, '');
  const matches: string[] = [];
  for (const c of contacts) {
    const inText = [c.name, c.account ?? '', c.email ?? ''].some((t) => t.toLocaleLowerCase('ru').includes(needle));
    const inPhones = digits.length >= 3 && c.phones.some((p) => (p.digits ?? p.number.replace(/\D/g, '')).includes(digits));
    if (!needle || inText || inPhones) matches.push(c.crmId);
    if (matches.length >= limit) break;
  }
  return matches;
}

const PLAIN_WORDS = ['Ромашка', 'РОМАШКА', ' ромашка  плюс ', 'Ёжик', 'ежик', 'Пётр', 'Петр', 'Ivan', 'IVAN ivanov', 'Σίσυφος', 'İstanbul', 'a\u00a0b', '', '   '];
/** Search and filters join values with NUL and \u0001 internally: values and queries that hold them must still work. */
const ODD_WORDS = [...PLAIN_WORDS, 'nul\u0000in', 'sep\u0001in'];
let WORDS = PLAIN_WORDS;
const TEXT_FIELDS = ['name', 'firstName', 'lastName', 'account', 'owner', 'city', 'email', 'adapter', 'fields.Сегмент', 'fields.Регион'];
const OPS: FilterRule['op'][] = ['eq', 'neq', 'contains', 'not_contains', 'starts_with', 'empty', 'not_empty'];

function randomContact(r: ReturnType<typeof seededRandom>, crmId: string): StoredContact {
  const maybe = (value: string) => (r.next() < 0.3 ? undefined : value);
  const phones: ContactPhone[] = Array.from({ length: Math.floor(r.next() * 3) }, () => {
    const digits = `79${String(Math.floor(r.next() * 1e9)).padStart(9, '0')}`;
    return r.next() < 0.2
      ? { number: `8 ${digits.slice(1)}`, type: 'work', digits: null, invalidReason: 'landline' }
      : { number: `+${digits}`, type: r.pick(['mobile', 'work'] as const), digits, invalidReason: null };
  });
  const fields: Record<string, string> = {};
  if (r.next() < 0.5) fields['Сегмент'] = r.pick(WORDS);
  if (r.next() < 0.3) fields['Регион'] = r.pick(WORDS);
  return contact(crmId, {
    name: `${r.pick(WORDS)} ${r.pick(WORDS)}`.trim() || 'x',
    firstName: maybe(r.pick(WORDS)),
    lastName: maybe(r.pick(WORDS)),
    account: r.next() < 0.2 ? null : maybe(r.pick(WORDS)),
    owner: maybe(r.pick(WORDS)),
    city: maybe(r.pick(WORDS)),
    email: maybe(`${r.pick(WORDS).trim().toLowerCase()}@example.com`),
    source: r.next() < 0.5 ? { adapter: r.pick(['creatio', 'Bitrix24', 'amocrm']), origin: 'https://crm.example.com' } : undefined,
    doNotUseSms: r.pick([true, false, null]),
    phones,
    fields,
  });
}

function randomFilter(r: ReturnType<typeof seededRandom>, depth = 1): ContactFilter {
  const rules: ContactFilter['rules'] = Array.from({ length: 1 + Math.floor(r.next() * 3) }, () => {
    if (depth < 3 && r.next() < 0.2) return randomFilter(r, depth + 1);
    if (r.next() < 0.25) return rule(r.pick(['hasMobile', 'hasPhone', 'doNotUseSms']), r.pick(['is_true', 'is_false'] as const));
    const op = r.pick(OPS);
    const value = r.pick(WORDS.filter((w) => w.trim())).slice(0, 1 + Math.floor(r.next() * 6));
    return op === 'empty' || op === 'not_empty' ? rule(r.pick(TEXT_FIELDS), op) : rule(r.pick(TEXT_FIELDS), op, value.trim() ? value : 'x');
  });
  return { combinator: r.pick(['and', 'or'] as const), rules };
}

describe('the search text', () => {
  it('is laid out in the background after a write, a slice at a time, so no search pays for it; and again after a change', async () => {
    const store = open(fileIn());
    await store.putMany(Array.from({ length: 5000 }, (_, i) => contact(`lay:${i}`, { phones: [mobile(`7916${String(i).padStart(7, '0')}`)] })));
    // Right after the write nothing is laid out yet (the positive control for the wait below).
    expect(store.index.laidOut()).toBe(false);
    // A slice whose time is up lays out one block and stops.
    expect(store.index.layOutUntil(performance.now() - 1)).toBe(false);
    await until('the background layout', () => store.index.laidOut());
    await store.put(contact('lay:7', { name: 'Переименованный' }));
    expect(store.index.laidOut()).toBe(false);
    await until('the changed block laid out again', () => store.index.laidOut());
    expect(ids(store.atSlots(store.index.search('переименованный', 10)))).toEqual(['lay:7']);
  });
});

describe('the index answers exactly as reading every contact did', () => {
  it.each([
    ['plain text', PLAIN_WORDS],
    ['NUL and \\u0001 in values and queries', ODD_WORDS],
  ])(
    'search and filters over a random directory with random rewrites, before and after a reopen: %s',
    async (_, words) => {
      WORDS = words;
      const r = seededRandom(20260);
      const file = fileIn();
      const store = open(file);
      // Enough contacts and rewrites for several search blocks (1024 places each) with holes in them.
      for (let round = 0; round < 40; round++) {
        await store.putMany(Array.from({ length: 50 }, () => randomContact(r, `c${Math.floor(r.next() * 1500)}`)));
      }
      const queries = [
        '',
        ' ',
        'ром',
        'РОМАШКА ПЛЮС',
        'ёж',
        'еж',
        'петр',
        'пётр',
        'ivan',
        'σ',
        'i̇',
        '@example',
        '912',
        '79',
        '+7 912',
        'Ромашка 79',
        '000',
        'nothing',
        'l\u0000i',
        '\u0001',
        'p\u0001',
      ];
      for (let k = 0; k < 40; k++) queries.push(String(Math.floor(r.next() * 1e4)));
      // Long enough for the blocks' sketches to skip blocks: pieces of numbers, names and e-mails that are there, and some that are not.
      const stored = [...store.all()];
      for (let k = 0; k < 8; k++) {
        const c = stored[Math.floor(r.next() * stored.length)]!;
        const digits = c.phones.find((p) => p.digits)?.digits;
        if (digits) queries.push(digits.slice(2 + (k % 4), 8 + (k % 4)));
        queries.push(c.name.slice(k % 3, 3 + (k % 5)), (c.email ?? 'nobody@x').slice(0, 4 + (k % 6)));
        queries.push(String(Math.floor(r.next() * 1e7)).padStart(7, '0'));
      }
      const check = (s: ContactStore) => {
        const all = [...s.all()];
        for (const q of queries)
          for (const limit of [1, 7, 200, 5000])
            expect(ids(searchContacts({ contacts: s }, q, limit)), `q=${JSON.stringify(q)} limit=${limit}`).toEqual(searchByReading(all, q, limit));
        // The HTTP answer passes the stored lines on unparsed: the same contacts as reading them.
        for (const q of queries.slice(0, 12))
          expect(JSON.parse(searchContactsJson({ contacts: s }, q, 50))).toEqual({ contacts: searchContacts({ contacts: s }, q, 50) });
        for (let k = 0; k < 120; k++) {
          const filter = contactFilterSchema.parse(randomFilter(r));
          const expected = all.filter(compileFilter(filter)).map((c) => c.crmId);
          expect(members(s, filter), JSON.stringify(filter)).toEqual(expected);
          expect(count(s, filter)).toBe(expected.length);
        }
      };
      check(store);
      store.close();
      opened.pop();
      check(open(file));
    },
    60_000,
  );

  it('keeps the directory order through many rewrites (the order list closes its holes)', async () => {
    const store = open(fileIn());
    const r = seededRandom(7);
    for (let round = 0; round < 12; round++) {
      await store.putMany(Array.from({ length: 1000 }, () => contact(`c${Math.floor(r.next() * 300)}`, { name: `Имя ${round} ${r.next()}` })));
    }
    expect(ids(searchContacts({ contacts: store }, '', 200))).toEqual(ids(store.all()).slice(0, 200));
    expect(ids(searchContacts({ contacts: store }, 'имя 11', 200))).toEqual(searchByReading(store.all(), 'имя 11', 200));
  });
});
