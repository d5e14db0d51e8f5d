import type { Context } from 'hono';
import { HTTPException } from 'hono/http-exception';
import type { ContentfulStatusCode } from 'hono/utils/http-status';
import type { ErrorBody } from '../../shared/api';
import { ApiError } from './api-error';
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

export interface ErrorAnswer {
  status: ContentfulStatusCode;
  body: ErrorBody;
}

const bodyOf = (error: DomainError): ErrorBody => ({ error: { code: error.code, message: error.message, ...error.details } });

/**
 * The answer to every error the relay knows: a domain refusal, a provider's (with its catalogue status —
 * the only place a ProviderError meets HTTP), the edge's own, a data folder that cannot be written.
 * Undefined for a fault (a bug): that is the caller's to log and answer.
 */
export function knownErrorAnswer(error: unknown): ErrorAnswer | undefined {
  if (error instanceof ProviderError) return knownErrorAnswer(new ProviderRefusedError(error));
  if (error instanceof ProviderRefusedError) return { status: error.providerError.httpStatus as ContentfulStatusCode, body: bodyOf(error) };
  if (error instanceof DomainError) return { status: STATUS[error.kind], body: bodyOf(error) };
  if (error instanceof ApiError) return { status: error.status, body: error.toBody() };
  if (error instanceof StorageError) {
    return {
      status: 503,
      body: { error: { code: 'storage_unwritable', message: `${error.message}; nothing was changed`, messageRu: `${error.messageRu}; ничего не изменено` } },
    };
  }
  if (error instanceof HTTPException && error.status < 500) return { status: error.status, body: { error: { code: 'bad_request', message: error.message } } };
  return undefined;
}

/** The one place an error becomes an HTTP answer: `{error: {code, message, messageRu?, field?}}` with its status. */
export function errorAnswer(logger: Logger) {
  return (error: Error, c: Context) => {
    const where = `${c.req.method} ${new URL(c.req.url).pathname}`;
    if (error instanceof StorageError) logger.error(`${where}: ${error.message} (${error.fsCode} on ${error.file})`);
    const known = knownErrorAnswer(error);
    if (known) return c.json(known.body, known.status);
    logger.error(`${where}: ${error.stack ?? error}`);
    return c.json({ error: { code: 'internal_error', message: 'The relay failed on this request; the relay log has the details' } }, 500);
  };
}
