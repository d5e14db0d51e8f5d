import type { ContactView } from '../../shared/api';
import { templateContextFor } from '../../shared/macros';
import type { MailingKind } from '../../shared/mailings';
import { countSegments } from '../../shared/segments';
import { groupMembers } from '../groups/group-members';
import type { FrozenRecipient } from '../store/mailing-storage';
import type { ContactStore } from '../store/contacts';
import type { GroupStore } from '../store/groups';
import type { ConsentCheck } from './advertising-consent';
import { recipientTimeZone } from './quiet-hours';
import { skipReasonOf, type PersonRules, type StopList } from './skip-reason';
import type { CompiledTemplate } from './template';

/** The contact directory, its groups and consents: where a mailing's audience comes from; the stop list: who of it gets nothing. */
export interface Directory {
  contacts: ContactStore;
  groups: GroupStore;
  consents: ConsentCheck;
  stopList: StopList;
}

export interface AudienceSpec {
  contacts: string[];
  groups: string[];
}

/**
 * The contacts a mailing goes to now: its single contacts, then each group's (a dynamic group's
 * filter is evaluated at this moment), each contact once — read from the directory as they are
 * iterated, never all in memory at once.
 */
export function resolveAudience(directory: Directory, audience: AudienceSpec): { contacts: Iterable<ContactView>; unknownContacts: string[]; unknownGroups: string[] } {
  const unknownContacts = audience.contacts.filter((crmId) => !directory.contacts.has(crmId));
  const groups = audience.groups.map((id) => ({ id, group: directory.groups.get(id) }));
  const unknownGroups = groups.filter(({ group }) => !group).map(({ id }) => id);
  function* contacts(): Generator<ContactView> {
    const chosen = new Set<string>();
    for (const crmId of audience.contacts) {
      const contact = directory.contacts.get(crmId);
      if (contact && !chosen.has(crmId)) {
        chosen.add(crmId);
        yield contact;
      }
    }
    for (const { group } of groups) {
      if (!group) continue;
      for (const contact of groupMembers(directory, group)) {
        if (chosen.has(contact.crmId)) continue;
        chosen.add(contact.crmId);
        yield contact;
      }
    }
  }
  return { contacts: contacts(), unknownContacts, unknownGroups };
}

const isAllowed = (country: string | null, allowed: readonly string[] | '*') => allowed === '*' || (country !== null && allowed.includes(country));

/** Who may get a mailing's message: the countries its numbers may be in, the stop list, and (advertising) the consents. */
export interface AudienceRules extends PersonRules {
  allowedCountries: readonly string[] | '*';
}

/**
 * Freezes the audience into recipients: the skip reason of each that will not get a message
 * (do-not-use-SMS, a number on the stop list, no consent to an advertising mailing, no phone, invalid
 * or disallowed phone, a phone already taken), and the exact text of each that will. A contact any of
 * whose numbers is on the stop list is skipped whole: the person opted out, and another of their
 * numbers is still them.
 */
export function freezeRecipients(
  contacts: ContactView[],
  template: CompiledTemplate,
  mailing: { name: string; kind: MailingKind },
  rules: AudienceRules,
  seenPhones = new Set<string>(),
): FrozenRecipient[] {
  return contacts.map((contact) => {
    const base = { contactId: contact.crmId, name: contact.name || contact.crmId, phone: null, country: null, text: null, parts: 0 };
    const phone = skipReasonOf(contact, mailing.kind, rules);
    if (phone.skip) return { ...base, phone: phone.phone, skip: phone.skip };
    if (!isAllowed(phone.country, rules.allowedCountries)) return { ...base, skip: 'invalid_phone' as const };
    if (seenPhones.has(phone.digits)) return { ...base, phone: phone.digits, skip: 'duplicate_phone' as const };
    seenPhones.add(phone.digits);
    const text = template.render(templateContextFor(contact, phone.digits, mailing.name));
    const recipient: FrozenRecipient = {
      ...base,
      phone: phone.digits,
      country: phone.country,
      text,
      parts: countSegments(text).parts,
      skip: null,
    };
    const timeZone = recipientTimeZone({ country: phone.country, city: contact.city, fields: contact.fields });
    if (timeZone) recipient.timeZone = timeZone;
    return recipient;
  });
}
