import type { MailingKind } from '../../shared/mailings';

/** The consents an advertising mailing checks: whether a contact's consent to advertising now is a granted one (from memory). */
export interface ConsentCheck {
  granted(crmId: string): boolean;
}

/** An advertising mailing goes only to contacts with a consent now; a service mailing goes whatever their consent. */
export const lacksConsent = (kind: MailingKind, consents: ConsentCheck, crmId: string): boolean => kind === 'advertising' && !consents.granted(crmId);
