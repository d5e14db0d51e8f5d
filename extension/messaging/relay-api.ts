import type { AnswerOf, RelayApi } from '../services/relay-transport';
import type { Result } from './protocol';

export const RELAY_METHODS = ['get', 'post', 'put', 'patch', 'delete'] as const;
export type RelayMethod = (typeof RELAY_METHODS)[number];

/**
 * A call on the relay's typed client by its path in it, as an extension page sends it to the background:
 * `relay.mailings[':id'].stats.$get({ param: { id } })` is `{ path: ['mailings', ':id', 'stats'], method: 'get', args: { param: { id } } }`.
 */
export interface RelayCallRequest {
  path: string[];
  method: RelayMethod;
  args?: { param?: Record<string, string>; query?: Record<string, string | string[] | undefined>; json?: unknown };
}

type Endpoint = '$get' | '$post' | '$put' | '$patch' | '$delete';
type Call<F> = F extends (...args: infer P) => Promise<infer R>
  ? undefined extends P[0]
    ? (args?: P[0]) => Promise<Result<AnswerOf<R>>>
    : (args: P[0]) => Promise<Result<AnswerOf<R>>>
  : never;

/** The typed client as an extension page has it: each call answered by the background as a Result (its types still the routes'). */
export type Relayed<C> = { [K in keyof C as K extends `$${string}` ? (K extends Endpoint ? K : never) : K]: K extends Endpoint ? Call<C[K]> : Relayed<C[K]> };

/** How the page asks the background (messaging/client.ts `ask`, or a test's stand-in). */
export type SendRelayCall = (request: RelayCallRequest) => Promise<Result<unknown>>;

/**
 * The relay's routes for an extension page, e.g. `await relay.mailings[':id'].stats.$get({ param: { id } })`:
 * a new route is callable here as soon as it exists, with no message, handler or method written for it.
 */
export function createRelayApi(send: SendRelayCall): Relayed<RelayApi> {
  const at = (path: string[]): unknown =>
    new Proxy(() => undefined, {
      get: (_target, key) => (typeof key === 'string' && key !== 'then' ? at([...path, key]) : undefined),
      apply: (_target, _this, [args]: [RelayCallRequest['args']?]) => {
        const method = path.at(-1)?.slice(1) as RelayMethod;
        return send({ path: path.slice(0, -1), method, ...(args === undefined ? {} : { args }) });
      },
    });
  return at([]) as Relayed<RelayApi>;
}
