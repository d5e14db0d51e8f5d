import type { ContactView } from '../../shared/api';
import type { MailingKind, SkipReason } from '../../shared/mailings';
import { lacksConsent, type ConsentCheck } from './advertising-consent';

/** Numbers (E.164 digits) that get no mailing message. */
export interface StopList {
  has(phone: string): boolean;
}

/** The first of the contact's numbers that is on the stop list. */
export function listedPhone(contact: ContactView, stopList: StopList): string | undefined {
  for (const phone of contact.phones) if (phone.digits && stopList.has(phone.digits)) return phone.digits;
  return undefined;
}

/** The number a mailing uses: the first valid mobile, else the first valid number of any type. */
export function mailingPhone(contact: ContactView): { digits: string; country: string | null } | { skip: SkipReason } {
  if (contact.phones.length === 0) return { skip: 'no_phone' };
  let chosen: ContactView['phones'][number] | undefined;
  for (const phone of contact.phones) {
    if (!phone.digits) continue;
    if (phone.type === 'mobile') {
      chosen = phone;
      break;
    }
    chosen ??= phone;
  }
  return chosen ? { digits: chosen.digits!, country: chosen.country ?? null } : { skip: 'invalid_phone' };
}

/** What keeps a person from a mailing whoever else is in it: the stop list and (advertising) the consents. */
export interface PersonRules {
  stopList: StopList;
  consents: ConsentCheck;
}

/** Why the contact gets no message of a mailing of `kind`, with the number it is about (null: none); or the number it gets it at. */
export type SkipVerdict = { skip: SkipReason; phone: string | null } | { skip: null; digits: string; country: string | null };

/**
 * The one decision of why a contact is skipped, before its text and the other recipients count, the
 * first that applies: «Не использовать SMS», then a number of it on the stop list (the person opted
 * out, and another of their numbers is still them), then no consent to an advertising mailing, then
 * no phone or no valid one. The freeze and the preview both ask it.
 */
export function skipReasonOf(contact: ContactView, kind: MailingKind, rules: PersonRules): SkipVerdict {
  if (contact.doNotUseSms === true) return { skip: 'do_not_use_sms', phone: null };
  const listed = listedPhone(contact, rules.stopList);
  if (listed) return { skip: 'stop_list', phone: listed };
  if (lacksConsent(kind, rules.consents, contact.crmId)) return { skip: 'no_consent', phone: null };
  const phone = mailingPhone(contact);
  return 'skip' in phone ? { skip: phone.skip, phone: null } : { skip: null, ...phone };
}
