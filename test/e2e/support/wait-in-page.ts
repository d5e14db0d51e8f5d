import type { Frame, Page } from 'puppeteer-core';

type Surface = Page | Frame;
type Truthy<T> = Exclude<T, null | undefined | false | 0 | ''>;

const sleep = (ms: number) => new Promise((resolve) => setTimeout(resolve, ms));

/** No single look may hang the wait: Firefox leaves an evaluation that meets a navigation unanswered. */
const LOOK_TIMEOUT_MS = 2_000;

/**
 * Waits until `predicate`, run in the page, gives a truthy value, and returns that value. What puppeteer's
 * waitForFunction does, but by evaluating the predicate anew each time rather than compiling it inside
 * the page: waitForFunction builds its poller with `new Function`, which an extension page's CSP may
 * refuse (Firefox did, in one CI run, for every test that opened the popup). An evaluation that fails
 * (the document is being replaced) counts as a falsy look.
 */
export async function waitInPage<A extends unknown[], R>(
  surface: Surface,
  predicate: string | ((...args: A) => R | Promise<R>),
  options: { polling?: number; timeout?: number } = {},
  ...args: A
): Promise<Truthy<Awaited<R>>> {
  const { polling = 50, timeout = 30_000 } = options;
  const deadline = Date.now() + timeout;
  let lastError: unknown;
  for (;;) {
    const look = typeof predicate === 'string' ? surface.evaluate(predicate) : surface.evaluate(predicate as (...a: unknown[]) => unknown, ...(args as unknown[]));
    const value = await Promise.race([
      look.catch((error: unknown) => {
        lastError = error;
        return undefined;
      }),
      sleep(LOOK_TIMEOUT_MS).then(() => undefined),
    ]);
    if (value) return value as Truthy<Awaited<R>>;
    if (Date.now() > deadline) {
      const what = typeof predicate === 'string' ? predicate : predicate.toString();
      throw new Error(`waited ${timeout} ms in vain for ${what.slice(0, 300)}`, { cause: lastError });
    }
    await sleep(polling);
  }
}
