import type { Context } from 'hono';
import { stream } from 'hono/streaming';
import type { ErrorBody } from '../../shared/api';

/**
 * Long work answered as NDJSON, so that a client can show how far it is: `{"progress": …}` lines (the
 * first at once, then at most one per `everyMs`), and last `{"result": …}` — or `{"error": {…}}` when
 * the work fails, as the status (200) has gone out by then.
 */
export function ndjsonProgress<P, R>(
  c: Context,
  /** `progress(value, true)` writes the line whenever it comes (a new phase). */
  work: (progress: (value: P, now?: boolean) => void) => Promise<R>,
  errorOf: (error: unknown) => ErrorBody,
  everyMs = 200,
): Response {
  c.header('content-type', 'application/x-ndjson; charset=utf-8');
  c.header('cache-control', 'no-store');
  return stream(c, async (out) => {
    let written = Promise.resolve();
    const line = (value: unknown) => {
      written = written.then(() => out.write(`${JSON.stringify(value)}\n`).then(() => undefined)).catch(() => undefined);
    };
    let last = -Infinity;
    const progress = (value: P, force = false) => {
      const now = performance.now();
      if (!force && now - last < everyMs) return;
      last = now;
      line({ progress: value });
    };
    try {
      line({ result: await work(progress) });
    } catch (error) {
      line(errorOf(error));
    }
    await written;
  });
}
