import type { Result } from '../messaging/protocol';

/** The value of a good result, transformed; an error result passes through. */
export const mapResult = <T, U>(result: Result<T>, f: (value: T) => U): Result<U> => (result.ok ? { ok: true, value: f(result.value) } : result);
