import type { Context, TypedResponse } from 'hono';
import type { ContentfulStatusCode } from 'hono/utils/http-status';

/** An answer of type T as the typed client (hono/client) reads it. */
export type JsonAnswer<T, S extends ContentfulStatusCode = 200> = Response & TypedResponse<T, S, 'json'>;

/**
 * A JSON body serialised already (the contacts passed on as stored; an answer whose bytes make its
 * ETag), answered with the type it was serialised from, so that the typed client knows it.
 */
export const serialisedJson = <T>(c: Context, text: string, headers: Record<string, string>): JsonAnswer<T> => c.body(text, 200, headers) as unknown as JsonAnswer<T>;

/**
 * `c.json` for data of a recursive type (a filter holds filters): hono's JSON typing stops at the
 * recursion and would give the client JSONValue there; plain data is its own JSON, so T is what it reads.
 */
export const plainJson = <T, S extends ContentfulStatusCode = 200>(c: Context, value: T, status?: S): JsonAnswer<T, S> =>
  c.json(value as object, status ?? 200) as unknown as JsonAnswer<T, S>;
