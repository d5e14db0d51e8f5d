import { NOT_SUPPORTED } from '../../shared/texts';
import { DomainError } from '../domain/errors';

/** The configured provider lacks the feature (`what` says which provider and what, in English). */
export const notSupported = (what: string): DomainError =>
  new DomainError('not_supported', 'not_supported', `${NOT_SUPPORTED.en} (${what})`, { messageRu: NOT_SUPPORTED.ru });
