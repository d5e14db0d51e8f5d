import type { MiddlewareHandler } from 'hono';
import type { z } from 'zod';
import { DomainError } from '../domain/errors';
import { jsonDepthExceeds, MAX_JSON_DEPTH } from './json-depth';

/** Turns the first zod issue into a sentence that names the field, what is wrong and what is allowed (answered 400). */
export function validationError(error: z.ZodError, schema: z.ZodType, where = 'Field'): DomainError {
  const issue = error.issues[0]!;
  const path = issue.path.map(String).join('.');
  if (issue.code === 'unrecognized_keys') {
    const allowed = path === '' ? allowedKeys(schema) : [];
    const field = path ? `${path}.${issue.keys[0]}` : issue.keys[0]!;
    const tail = allowed.length > 0 ? `; allowed: ${allowed.join(', ')}` : '';
    return new DomainError('invalid', 'unknown_field', `${where} "${field}" is not known${tail}`, { field });
  }
  const problem = issue.code === 'invalid_type' && /received undefined/.test(issue.message) ? 'is required' : issue.message;
  if (!path) return new DomainError('invalid', 'invalid_request', `The request body ${problem.replace(/^Invalid input: /, '')}`);
  return new DomainError('invalid', 'invalid_request', `${where} "${path}": ${problem}`, { field: path });
}

function allowedKeys(schema: z.ZodType): string[] {
  const shape = (schema as unknown as { shape?: Record<string, unknown> }).shape;
  return shape ? Object.keys(shape) : [];
}

/**
 * Validates a JSON body whatever its Content-Type (curl's `-d` sends JSON as a form), so
 * `c.req.valid('json')` is the parsed and checked body. Auth is by header, not cookie, so a body a
 * page could post without a preflight still gets nowhere.
 */
export function jsonBody<T extends z.ZodType>(schema: T): MiddlewareHandler<any, string, { in: { json: z.input<T> }; out: { json: z.output<T> } }> {
  return async (c, next) => {
    const text = await c.req.text();
    if (jsonDepthExceeds(text)) {
      throw new DomainError('invalid', 'too_deep', `The request body nests objects or arrays more than ${MAX_JSON_DEPTH} levels deep; no request needs that`);
    }
    let value: unknown;
    try {
      value = JSON.parse(text);
    } catch {
      throw new DomainError(
        'invalid',
        'malformed_json',
        text.trim() === '' ? 'The request body is empty; a JSON object is expected' : 'The request body is not valid JSON',
      );
    }
    const result = schema.safeParse(value);
    if (!result.success) throw validationError(result.error, schema);
    c.req.addValidatedData('json', result.data as object);
    await next();
  };
}

/**
 * A JSON body that may be left out: it is checked as `{}` then, so a required field is named as missing
 * (POST /launch had no body before it took options; DELETE /stop-list/:phone needs its reason).
 */
export function optionalJsonBody<T extends z.ZodType>(schema: T): ReturnType<typeof jsonBody<T>> {
  const checked = jsonBody(schema);
  return async (c, next) => {
    if ((await c.req.text()).trim() !== '') return checked(c, next);
    const result = schema.safeParse({});
    if (!result.success) throw validationError(result.error, schema);
    c.req.addValidatedData('json', result.data as object);
    await next();
  };
}

/** The same for query parameters. */
export function queryParams<T extends z.ZodType>(schema: T): MiddlewareHandler<any, string, { in: { query: z.input<T> }; out: { query: z.output<T> } }> {
  return async (c, next) => {
    const result = schema.safeParse(c.req.query());
    if (!result.success) throw validationError(result.error, schema, 'Query parameter');
    c.req.addValidatedData('query', result.data as object);
    await next();
  };
}
