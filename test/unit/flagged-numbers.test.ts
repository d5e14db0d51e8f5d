import { describe, expect, it } from 'vitest';
import type { ContactView } from '../../shared/api';
import { ContactSearchIndex } from '../../relay/contacts/contact-search-index';

const contact = (crmId: string, doNotUseSms: boolean | null, digits: (string | null)[]): ContactView => ({
  crmId,
  name: crmId,
  phones: digits.map((d) => ({ number: d ?? 'позвоните', type: 'mobile', digits: d, invalidReason: d ? null : 'not_a_number', country: d ? 'RU' : null })),
  doNotUseSms,
  fields: {},
  createdAt: '',
  updatedAt: '',
});

describe('the index’s numbers of the contacts flagged «Не использовать SMS»', () => {
  it('holds a flagged contact’s valid numbers while it is flagged and has them, the latest flagged first', () => {
    const index = new ContactSearchIndex();
    index.add(contact('a', true, ['79120000001', null, '79120000002']), 0);
    index.add(contact('b', false, ['79120000003']), 1);
    index.add(contact('c', true, ['79120000004']), 2);
    expect(index.flagged.newestFirst()).toEqual(['79120000004', '79120000001', '79120000002']);

    index.add(contact('a', true, ['79120000002']), 0);
    expect(index.flagged.has('79120000001')).toBe(false);
    expect(index.flagged.newestFirst()).toEqual(['79120000002', '79120000004']);
    index.add(contact('c', null, ['79120000004']), 2);
    expect(index.flagged.newestFirst()).toEqual(['79120000002']);
  });

  it('a number two flagged contacts share stays until neither is', () => {
    const index = new ContactSearchIndex();
    index.add(contact('a', true, ['79120000001']), 0);
    index.add(contact('b', true, ['79120000001']), 1);
    expect(index.flagged.holdersOf('79120000001')).toEqual([0, 1]);
    index.add(contact('a', false, ['79120000001']), 0);
    expect(index.flagged.holdersOf('79120000001')).toEqual([1]);
    index.add(contact('b', false, ['79120000001']), 1);
    expect(index.flagged.has('79120000001')).toBe(false);
    expect(index.flagged.size).toBe(0);
  });
});
