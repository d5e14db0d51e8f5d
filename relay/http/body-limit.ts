import type { MiddlewareHandler } from 'hono';
import { bodyLimit } from 'hono/body-limit';
import { ApiError } from './api-error';

/**
 * Refuses (413) a request body over `maxSize` bytes, as hono's bodyLimit does, without making every
 * request pay for it: hono's asks for `c.req.raw.body` first, which makes @hono/node-server build a
 * whole web Request with a ReadableStream over the socket — for a GET too — and the route then reads
 * its JSON through that stream instead of straight from the socket (about as much CPU as a small
 * request's whole answer). A GET or HEAD has no body (node-server gives it none); a body that says its
 * length (and is not chunked too) is judged by that header, which Node holds the body to; only a body
 * that does not say its length goes through hono's, which counts it as it arrives.
 */
export function limitBody(maxSize: number): MiddlewareHandler {
  const counted = bodyLimit({
    maxSize,
    onError: () => {
      throw new ApiError(413, 'payload_too_large', `The request body is larger than the limit of ${maxSize} bytes`);
    },
  });
  return async (c, next) => {
    const { method } = c.req;
    if (method === 'GET' || method === 'HEAD') return next();
    const length = c.req.header('content-length');
    if (length === undefined || c.req.header('transfer-encoding') !== undefined) return counted(c, next);
    if (Number.parseInt(length || '0', 10) > maxSize) throw new ApiError(413, 'payload_too_large', `The request body is larger than the limit of ${maxSize} bytes`);
    return next();
  };
}
