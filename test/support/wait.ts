/**
 * Polls `probe` until it returns something truthy and returns that; fails after `timeoutMs` with what
 * was awaited (and `context()`, e.g. a relay's output). Tests wait on conditions, never on the clock.
 */
export async function until<T>(
  what: string,
  probe: () => T | undefined | null | false | Promise<T | undefined | null | false>,
  timeoutMs = 10_000,
  context: () => string = () => '',
): Promise<T> {
  const end = Date.now() + timeoutMs;
  for (;;) {
    const value = await probe();
    if (value) return value;
    if (Date.now() > end) throw new Error(`timed out after ${timeoutMs} ms waiting for ${what}${context() ? `\n${context()}` : ''}`);
    await new Promise((resolve) => setTimeout(resolve, 10));
  }
}
