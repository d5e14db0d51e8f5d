import { describe, expect, it } from 'vitest';
import type { ContactPhone, ContactView } from '../../shared/api';
import { skipReasonOf } from '../../relay/mailings/skip-reason';

const mobile = (digits: string): ContactPhone => ({ number: `+${digits}`, type: 'mobile', digits, invalidReason: null, country: 'RU' });
const invalid: ContactPhone = { number: '12', type: 'mobile', digits: null, invalidReason: 'too_short', country: null };

/** A contact with every reason to be skipped that `has` names, and none other. */
function contactWith(has: { flag?: boolean; listed?: boolean; noConsent?: boolean; noPhone?: boolean; badPhone?: boolean }) {
  const phones = has.noPhone ? [] : has.badPhone ? [invalid] : [mobile('79120000001')];
  // A listed number is a second one, so that an invalid first one still leaves it to be found.
  if (has.listed) phones.push(mobile('79120000099'));
  const contact: ContactView = { crmId: 'c:1', name: 'Петров', phones, doNotUseSms: has.flag ? true : null, fields: {}, createdAt: '', updatedAt: '' };
  const rules = { stopList: { has: (phone: string) => phone === '79120000099' }, consents: { granted: () => !has.noConsent } };
  return { contact, rules };
}

const reasonOf = (has: Parameters<typeof contactWith>[0], kind: 'service' | 'advertising' = 'advertising') => {
  const { contact, rules } = contactWith(has);
  return skipReasonOf(contact, kind, rules).skip;
};

describe('skipReasonOf: the one order of skip reasons the freeze and the preview share', () => {
  it('a contact with nothing against it gets the mailing at its mobile', () => {
    const { contact, rules } = contactWith({});
    expect(skipReasonOf(contact, 'advertising', rules)).toEqual({ skip: null, digits: '79120000001', country: 'RU' });
  });

  it('«Не использовать SMS» goes before the stop list, the stop list before the consent, the consent before the phone', () => {
    expect(reasonOf({ flag: true, listed: true, noConsent: true, badPhone: true })).toBe('do_not_use_sms');
    expect(reasonOf({ listed: true, noConsent: true, badPhone: true })).toBe('stop_list');
    expect(reasonOf({ noConsent: true, badPhone: true })).toBe('no_consent');
    expect(reasonOf({ noConsent: true, noPhone: true })).toBe('no_consent');
    expect(reasonOf({ badPhone: true })).toBe('invalid_phone');
    expect(reasonOf({ noPhone: true })).toBe('no_phone');
  });

  it('names the listed number, even when it is not the one the mailing would use', () => {
    const { contact, rules } = contactWith({ listed: true });
    expect(skipReasonOf(contact, 'service', rules)).toEqual({ skip: 'stop_list', phone: '79120000099' });
  });

  it('a service mailing asks no consent', () => {
    expect(reasonOf({ noConsent: true }, 'service')).toBeNull();
    expect(reasonOf({ noConsent: true, badPhone: true }, 'service')).toBe('invalid_phone');
  });
});
