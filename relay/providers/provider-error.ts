import { PROVIDER_ERRORS, type ErrorClass, type ProviderErrorCode } from '../../shared/provider-errors';

/**
 * A provider refused or failed, mapped onto the shared catalogue. Adapters build it from the provider's own
 * code and words; none leaves an adapter before keep-secrets.ts has taken the credentials out of them.
 */
export class ProviderError extends Error {
  readonly code: ProviderErrorCode;
  readonly errorClass: ErrorClass;
  readonly httpStatus: number;
  /** The provider's own code (e.g. SMS.ru 201), for logs and support. */
  readonly providerCode?: string;
  /** The provider's own words, when it gave any. */
  readonly providerText?: string;
  /**
   * True when the request may have reached the provider and been acted on (a timeout or a cut
   * connection after sending): the message must not be sent again automatically.
   */
  readonly outcomeUnknown: boolean;

  constructor(code: ProviderErrorCode, options: { providerCode?: string | number; providerText?: string; outcomeUnknown?: boolean } = {}) {
    const entry = PROVIDER_ERRORS[code];
    super(options.providerText ? `${entry.en} (${options.providerText})` : entry.en);
    this.name = 'ProviderError';
    this.code = code;
    this.errorClass = entry.errorClass;
    this.httpStatus = entry.httpStatus;
    if (options.providerCode !== undefined) this.providerCode = String(options.providerCode);
    if (options.providerText) this.providerText = options.providerText;
    this.outcomeUnknown = options.outcomeUnknown ?? false;
  }

  /** The same error with the provider's code and words replaced (e.g. with credentials taken out). */
  reworded(words: { providerCode: string | undefined; providerText: string | undefined }): ProviderError {
    return new ProviderError(this.code, { ...words, outcomeUnknown: this.outcomeUnknown });
  }

  get messageRu(): string {
    return PROVIDER_ERRORS[this.code].ru;
  }
}
