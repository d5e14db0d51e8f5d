import { describe, expect, it } from 'vitest';
import { contactSnapshotSchema } from '../../shared/api';
import { mergeSnapshot } from '../../relay/contacts/store-many';
import { buildContact } from '../../relay/contacts/upsert-contact';

const card = buildContact(
  undefined,
  'RU',
  'demo:2',
  contactSnapshotSchema.parse({
    name: 'Мария Сидорова',
    phones: [
      { number: '8 912 000 11 22', type: 'mobile' },
      { number: '+7 495 123-45-67', type: 'work' },
    ],
    doNotUseSms: true,
    email: 'maria@example.com',
    fields: { source: 'card' },
  }),
  new Date(),
).contact;

describe('a list row or CSV line over a known contact', () => {
  it('keeps the do-not-SMS flag, other phones and fields the row does not show', () => {
    const row = contactSnapshotSchema.parse({ name: 'Мария Сидорова', phones: [{ number: '+79120001122', type: 'mobile' }], account: 'Ромашка' });
    const merged = mergeSnapshot(card, row);
    expect(merged.doNotUseSms).toBe(true);
    expect(merged.email).toBe('maria@example.com');
    expect(merged.account).toBe('Ромашка');
    expect(merged.phones.map((p) => p.number)).toEqual(['+79120001122', '+7 495 123-45-67']);
    expect(merged.fields).toEqual({ source: 'card' });
  });

  it('lets what the row does show win', () => {
    const row = contactSnapshotSchema.parse({ name: 'Мария Петрова', phones: [], doNotUseSms: false });
    const merged = mergeSnapshot(card, row);
    expect(merged).toMatchObject({ name: 'Мария Петрова', doNotUseSms: false });
  });

  it('takes a new contact as it is', () => {
    const row = contactSnapshotSchema.parse({ name: 'Новый', phones: [] });
    expect(mergeSnapshot(undefined, row)).toEqual(row);
  });
});
