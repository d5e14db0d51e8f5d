import type { ContentfulStatusCode } from 'hono/utils/http-status';
import type { ErrorBody } from '../shared/api';
import { NOT_SUPPORTED } from '../shared/texts';
import type { ProviderError } from './providers/provider-error';

/** An error the API answers with: an HTTP status and `{error: {code, message, …}}`. */
export class ApiError extends Error {
  constructor(
    readonly status: ContentfulStatusCode,
    readonly code: string,
    message: string,
    readonly extra: Omit<ErrorBody['error'], 'code' | 'message'> = {},
  ) {
    super(message);
    this.name = 'ApiError';
  }

  toBody(): ErrorBody {
    return { error: { code: this.code, message: this.message, ...this.extra } };
  }

  static fromProvider(error: ProviderError): ApiError {
    const extra: ErrorBody['error'] = { code: error.code, message: error.message, messageRu: error.messageRu };
    if (error.providerCode) extra.providerCode = error.providerCode;
    const { code, message, ...rest } = extra;
    return new ApiError(error.httpStatus as ContentfulStatusCode, code, message, rest);
  }

  static notSupported(what: string): ApiError {
    return new ApiError(501, 'not_supported', `${NOT_SUPPORTED.en} (${what})`, { messageRu: NOT_SUPPORTED.ru });
  }
}
