import type { ProviderError } from '../providers/provider-error';

/**
 * What went wrong, in the product's terms. Domain code (the engine, the services, the policies) throws
 * these and knows nothing of HTTP; the edge (relay/http/on-error.ts) gives each kind its status.
 */
export type DomainErrorKind =
  | 'not_found' // the thing named does not exist
  | 'invalid' // the input is malformed: a field is missing, too long, of the wrong kind
  | 'rejected' // well-formed, but it names something unusable (an unknown group, macro, a number the policy refuses)
  | 'conflict' // not now: the thing is in a state that does not allow it (a running mailing's text, a launch under way)
  | 'not_supported' // the configured provider cannot do it
  | 'unavailable'; // the relay cannot do it at the moment (its data folder cannot be written)

export interface ErrorDetails {
  /** Russian words for the person, where the product has them. */
  messageRu?: string;
  /** The field of the request the error is about. */
  field?: string;
  /** A provider's own code, for support. */
  providerCode?: string;
}

export class DomainError extends Error {
  constructor(
    readonly kind: DomainErrorKind,
    /** Stable and machine-readable, e.g. "not_editable"; answered as `error.code`. */
    readonly code: string,
    message: string,
    readonly details: ErrorDetails = {},
  ) {
    super(message);
    this.name = 'DomainError';
  }
}

export const notFound = (what: string, id: string, messageRu?: string): DomainError =>
  new DomainError('not_found', 'not_found', `No ${what} ${id}`, messageRu ? { messageRu } : {});

export const conflict = (code: string, message: string, details: ErrorDetails = {}): DomainError => new DomainError('conflict', code, message, details);

export const invalid = (field: string, message: string, details: Omit<ErrorDetails, 'field'> = {}): DomainError =>
  new DomainError('invalid', 'invalid_request', message, { ...details, field });

export const rejected = (code: string, message: string, details: ErrorDetails = {}): DomainError => new DomainError('rejected', code, message, details);

/** A provider refused or failed: the provider catalogue's own code and words go to the person. */
export class ProviderRefusedError extends DomainError {
  constructor(
    readonly providerError: ProviderError,
    message = providerError.message,
  ) {
    super('rejected', providerError.code, message, {
      messageRu: providerError.messageRu,
      ...(providerError.providerCode ? { providerCode: providerError.providerCode } : {}),
    });
    this.name = 'ProviderRefusedError';
  }
}
