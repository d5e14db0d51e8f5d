import type { Context } from 'hono';
import { HTTPException } from 'hono/http-exception';
import type { ContentfulStatusCode } from 'hono/utils/http-status';
import type { ErrorBody } from '../../shared/api';
import { ApiError } from '../api-error';
import { DomainError, ProviderRefusedError, type DomainErrorKind } from '../domain/errors';
import type { Logger } from '../logger';
import { ProviderError } from '../providers/provider-error';
import { StorageError } from '../store/storage-error';

const STATUS: Record<DomainErrorKind, ContentfulStatusCode> = {
  not_found: 404,
  invalid: 400,
  rejected: 422,
  conflict: 409,
  not_supported: 501,
  unavailable: 503,
};

const bodyOf = (error: DomainError): ErrorBody => ({ error: { code: error.code, message: error.message, ...error.details } });

/** The one place an error becomes an HTTP answer: `{error: {code, message, messageRu?, field?}}` with its status. */
export function errorAnswer(logger: Logger) {
  return (error: Error, c: Context) => {
    if (error instanceof ProviderRefusedError) return c.json(bodyOf(error), error.providerError.httpStatus as ContentfulStatusCode);
    if (error instanceof ProviderError) return c.json(bodyOf(new ProviderRefusedError(error)), error.httpStatus as ContentfulStatusCode);
    if (error instanceof DomainError) return c.json(bodyOf(error), STATUS[error.kind]);
    if (error instanceof ApiError) return c.json(error.toBody(), error.status);
    if (error instanceof StorageError) {
      logger.error(`${c.req.method} ${new URL(c.req.url).pathname}: ${error.message} (${error.fsCode} on ${error.file})`);
      return c.json({ error: { code: 'storage_unwritable', message: `${error.message}; nothing was changed`, messageRu: `${error.messageRu}; ничего не изменено` } }, 503);
    }
    if (error instanceof HTTPException && error.status < 500) {
      return c.json({ error: { code: 'bad_request', message: error.message } }, error.status);
    }
    logger.error(`${c.req.method} ${new URL(c.req.url).pathname}: ${error.stack ?? error}`);
    return c.json({ error: { code: 'internal_error', message: 'The relay failed on this request; the relay log has the details' } }, 500);
  };
}
