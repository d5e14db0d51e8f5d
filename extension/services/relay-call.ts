import type { Result, UiError } from '../messaging/protocol';
import { RELAY_METHODS, type RelayCallRequest } from '../messaging/relay-api';
import type { RelayApi, RelayResponse, RelayTransport } from './relay-transport';

/** A route's name or `:param`; never "." or "..", which would climb out of /api. */
const SEGMENT = /^(?!\.\.?$)[\w.:-]{1,100}$/;

const badCall = (why: string): { ok: false; error: UiError } => ({
  ok: false,
  error: { code: 'invalid_relay_call', message: `Not a relay call: ${why}`, messageRu: `Неверный запрос к серверу: ${why}` },
});

function problemOf(request: RelayCallRequest): string | undefined {
  if (!Array.isArray(request?.path) || request.path.length === 0 || !request.path.every((s) => typeof s === 'string' && SEGMENT.test(s)))
    return 'the path must be route names';
  if (!(RELAY_METHODS as readonly string[]).includes(request.method)) return `the method must be one of ${RELAY_METHODS.join(', ')}`;
  const param = request.args?.param ?? {};
  if (typeof param !== 'object' || !Object.values(param).every((v) => typeof v === 'string')) return 'path parameters must be text';
  return undefined;
}

type Endpoint = (args?: unknown) => Promise<RelayResponse>;

/** Makes the call on the typed client (path parameters encoded, as the named methods do), its answer a Result. */
export const invokeRelayCall =
  ({ json }: Pick<RelayTransport, 'json'>) =>
  async (request: RelayCallRequest): Promise<Result<unknown>> => {
    const problem = problemOf(request);
    if (problem) return badCall(problem);
    const { path, method, args } = request;
    const param = args?.param && Object.fromEntries(Object.entries(args.param).map(([k, v]) => [k, encodeURIComponent(v)]));
    return json((api: RelayApi) => {
      // The client is a proxy that turns any path into a URL: the path was checked above, the types at the caller.
      const node = path.reduce<unknown>((at, segment) => (at as Record<string, unknown>)[segment], api) as Record<string, Endpoint>;
      return node[`$${method}`]!(args && { ...args, ...(param ? { param } : {}) });
    });
  };
