import { mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { contactSnapshotSchema, type ContactSnapshot } from '../../shared/api';
import type { RecipientState } from '../../shared/mailings';
import { contactsWithNumber, watchNumber, watchNumbers } from '../../relay/contacts/contacts-with-number';
import { buildContact } from '../../relay/contacts/upsert-contact';
import { matchReply, type ReplyMatchDeps } from '../../relay/replies/match-reply';
import { ContactStore } from '../../relay/store/contacts';

const NOW = new Date('2026-11-24T10:00:00Z');
const at = (minute: number) => Date.parse('2026-11-24T10:00:00Z') + minute * 60_000;

async function directory(contacts: Record<string, ContactSnapshot['phones']>): Promise<ContactStore> {
  const store = ContactStore.open(join(mkdtempSync(join(tmpdir(), 'reply-match-')), 'contacts.jsonl'));
  const built = Object.entries(contacts).map(
    ([crmId, phones]) => buildContact(undefined, 'RU', crmId, contactSnapshotSchema.parse({ name: crmId, phones }), NOW).contact,
  );
  await store.putMany(built);
  return store;
}

describe('a reply and its contacts', () => {
  it('belongs to every contact with exactly that number, however it was written, and to no one whose number only holds it', async () => {
    const store = await directory({
      'c:mother': [{ number: '+7 912 345-67-89', type: 'mobile' }],
      'c:son': [
        { number: '8 (912) 345 67 89', type: 'home' },
        { number: '+7 913 000 00 01', type: 'mobile' },
      ],
      'c:other': [{ number: '+7 913 000 00 02', type: 'mobile' }],
      // 479123456789 holds 79123456789 in its digits: a different number all the same.
      'c:lookalike': [{ number: '+47 912 34 567 89', type: 'mobile' }],
      // Its name (here its crmId) holds the digits, which a search for them finds too.
      'c:79123456789': [{ number: '+7 913 000 00 03', type: 'mobile' }],
    });
    expect(contactsWithNumber(store, '79123456789').sort()).toEqual(['c:mother', 'c:son']);
    expect(contactsWithNumber(store, '79130000001')).toEqual(['c:son']);
    expect(contactsWithNumber(store, '79990000000')).toEqual([]);
    expect(contactsWithNumber(store, 'not digits')).toEqual([]);
    store.close();
  });
});

describe('a watched number (one a reply came from)', () => {
  const people = () =>
    directory({
      'c:mother': [{ number: '+7 912 345-67-89', type: 'mobile' }],
      'c:son': [
        { number: '8 (912) 345 67 89', type: 'home' },
        { number: '+7 913 000 00 01', type: 'mobile' },
      ],
      'c:lookalike': [{ number: '+47 912 34 567 89', type: 'mobile' }],
      // An invalid phone whose raw digits are the number: search compares them, the holders must not.
      'c:broken': [{ number: '79123456789 доб', type: 'other' }],
    });
  const holders = (store: ContactStore, digits: string) =>
    store.index.watched
      .holdersOf(digits)
      ?.map((slot) => store.crmIdAt(slot))
      .sort();

  it('has the same holders as a search finds, watched one by one or in one pass at start', async () => {
    for (const watch of [(s: ContactStore, d: string[]) => d.forEach((n) => watchNumber(s, n)), watchNumbers]) {
      const store = await people();
      expect(holders(store, '79123456789')).toBeUndefined();
      watch(store, ['79123456789', '79130000001', '79990000000']);
      expect(holders(store, '79123456789')).toEqual(['c:mother', 'c:son']);
      expect(holders(store, '79130000001')).toEqual(['c:son']);
      expect(holders(store, '79990000000')).toEqual([]);
      expect(contactsWithNumber(store, '79123456789').sort()).toEqual(['c:mother', 'c:son']);
      store.close();
    }
  });

  it('follows every write: a contact that gets the number holds it at once, one that loses it no longer', async () => {
    const store = await people();
    watchNumbers(store, ['79123456789', '79990000000']);
    const write = (crmId: string, phones: ContactSnapshot['phones']) =>
      store.put(buildContact(store.get(crmId), 'RU', crmId, contactSnapshotSchema.parse({ name: crmId, phones }), NOW).contact);
    await write('c:new', [{ number: '+7 999 000 00 00', type: 'mobile' }]);
    await write('c:mother', [{ number: '+7 999 000 00 00', type: 'mobile' }]);
    expect(holders(store, '79990000000')).toEqual(['c:mother', 'c:new']);
    expect(holders(store, '79123456789')).toEqual(['c:son']);
    // Positive control: the number it lost is still found for the contact that kept it, by search too.
    expect(contactsWithNumber(store, '79123456789')).toEqual(['c:son']);
    store.close();
  });
});

type Recipient = { phone: string | null; state: RecipientState; providerMessageId: string | null; updatedAt: number | null };

function deps(options: {
  contacts?: string[];
  card?: { createdAt: string; status: 'sent' | 'failed' | 'queued'; providerMessageId: string | null };
  mailings?: Record<string, { mailingId: string; recipient: Recipient }[]>;
}): ReplyMatchDeps {
  return {
    contactsWithNumber: () => options.contacts ?? [],
    lastCardMessageTo: () => options.card,
    mailingMessagesOf: (crmId) => options.mailings?.[crmId] ?? [],
  };
}

const PHONE = '79123456789';
const sent = (minute: number, phone = PHONE): Recipient => ({ phone, state: 'delivered', providerMessageId: `p${minute}`, updatedAt: at(minute) });

describe('a reply and its mailing', () => {
  it('is the mailing of the last message that went to the number, among every contact with it', () => {
    const mailings = { 'c:1': [{ mailingId: 'autumn', recipient: sent(1) }], 'c:2': [{ mailingId: 'winter', recipient: sent(5) }] };
    expect(matchReply(deps({ contacts: ['c:1', 'c:2'], mailings }), PHONE)).toEqual({ contactIds: ['c:1', 'c:2'], mailingId: 'winter' });
  });

  it('is none when a card message went to the number after the last mailing message, and that mailing when the card message came before it', () => {
    const mailings = { 'c:1': [{ mailingId: 'autumn', recipient: sent(5) }] };
    const later = { createdAt: new Date(at(6)).toISOString(), status: 'sent' as const, providerMessageId: 'card' };
    expect(matchReply(deps({ contacts: ['c:1'], mailings, card: later }), PHONE).mailingId).toBeNull();
    const earlier = { ...later, createdAt: new Date(at(4)).toISOString() };
    expect(matchReply(deps({ contacts: ['c:1'], mailings, card: earlier }), PHONE).mailingId).toBe('autumn');
  });

  it('passes over messages that never went to that number: to another phone of the contact, skipped, queued, refused before the provider took them', () => {
    const mailings = {
      'c:1': [
        { mailingId: 'first', recipient: sent(1) },
        { mailingId: 'other-phone', recipient: sent(9, '79130000001') },
        { mailingId: 'skipped', recipient: { phone: PHONE, state: 'skipped' as const, providerMessageId: null, updatedAt: at(9) } },
        { mailingId: 'queued', recipient: { phone: PHONE, state: 'queued' as const, providerMessageId: null, updatedAt: at(9) } },
        { mailingId: 'refused', recipient: { phone: PHONE, state: 'failed' as const, providerMessageId: null, updatedAt: at(9) } },
        { mailingId: 'undelivered', recipient: { phone: PHONE, state: 'failed' as const, providerMessageId: 'p3', updatedAt: at(3) } },
      ],
    };
    expect(matchReply(deps({ contacts: ['c:1'], mailings }), PHONE).mailingId).toBe('undelivered');
    const refusedCard = { createdAt: new Date(at(10)).toISOString(), status: 'failed' as const, providerMessageId: null };
    expect(matchReply(deps({ contacts: ['c:1'], mailings, card: refusedCard }), PHONE).mailingId).toBe('undelivered');
  });

  it('is none, with no contacts, for a number nobody has and nothing went to', () => {
    expect(matchReply(deps({}), PHONE)).toEqual({ contactIds: [], mailingId: null });
  });
});
