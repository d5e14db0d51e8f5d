import type { Result, UiError } from '../messaging/protocol';
import { RELAY_METHODS, type RelayCallRequest } from '../messaging/relay-api';
import type { RelayApi, RelayResponse, RelayTransport } from './relay-transport';

/** A route's name or `:param`; never "." or "..", which would climb out of /api. */
const SEGMENT = /^(?!\.\.?$)[\w.:-]{1,100}$/;

/** What a page may pass on to a route: no headers, cookies or forms (the background sets the token itself). */
const ARGUMENTS = ['param', 'query', 'json'];

const badCall = (why: string): { ok: false; error: UiError } => ({
  ok: false,
  error: { code: 'invalid_relay_call', message: `Not a relay call: ${why}`, messageRu: `Неверный запрос к серверу: ${why}` },
});

function problemOf(request: RelayCallRequest): string | undefined {
  if (!Array.isArray(request?.path) || request.path.length === 0 || !request.path.every((s) => typeof s === 'string' && SEGMENT.test(s)))
    return 'the path must be route names';
  if (!(RELAY_METHODS as readonly string[]).includes(request.method)) return `the method must be one of ${RELAY_METHODS.join(', ')}`;
  const args: unknown = request.args ?? {};
  if (typeof args !== 'object' || args === null || Array.isArray(args)) return 'the arguments must be an object';
  const unknown = Object.keys(args).filter((key) => !ARGUMENTS.includes(key));
  if (unknown.length > 0) return `only ${ARGUMENTS.join(', ')} may be given, not ${unknown.join(', ')}`;
  const { param = {}, query = {} } = args as NonNullable<RelayCallRequest['args']>;
  if (typeof param !== 'object' || param === null || !Object.values(param).every((v) => typeof v === 'string')) return 'path parameters must be text';
  if (typeof query !== 'object' || query === null) return 'the query must be an object';
  return undefined;
}

type Endpoint = (args?: unknown) => Promise<RelayResponse>;

/** Makes the call on the typed client (path parameters encoded, as the named methods do), its answer a Result. */
export const invokeRelayCall =
  ({ json }: Pick<RelayTransport, 'json'>) =>
  async (request: RelayCallRequest): Promise<Result<unknown>> => {
    const problem = problemOf(request);
    if (problem) return badCall(problem);
    const { path, method, args = {} } = request;
    const param = args.param && Object.fromEntries(Object.entries(args.param).map(([k, v]) => [k, encodeURIComponent(v)]));
    const passed = { ...(param && { param }), ...(args.query && { query: args.query }), ...(args.json !== undefined && { json: args.json }) };
    return json((api: RelayApi) => {
      // The client is a proxy that turns any path into a URL: the path was checked above, the types at the caller.
      const node = path.reduce<unknown>((at, segment) => (at as Record<string, unknown>)[segment], api) as Record<string, Endpoint>;
      return node[`$${method}`]!(Object.keys(passed).length > 0 ? passed : undefined);
    });
  };
