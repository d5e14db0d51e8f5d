import { test, type TestAPI } from 'vitest';
import type { SmsProvider } from '../../relay/providers/types';

export type AdapterTest<Fake, Options> = TestAPI<{
  fake: Fake;
  make: (overrides?: Partial<Options>) => SmsProvider;
  provider: SmsProvider;
}>;

/**
 * `it` for a provider adapter's tests: each test gets its own fake provider (`fake`, closed afterwards), an
 * adapter pointed at it (`provider`) and `make` for an adapter with other options.
 */
export function adapterTest<Fake extends { close(): Promise<void> }, Options>(
  startFake: () => Promise<Fake>,
  adapter: (fake: Fake, overrides?: Partial<Options>) => SmsProvider,
): AdapterTest<Fake, Options> {
  return test.extend<{ fake: Fake; make: (overrides?: Partial<Options>) => SmsProvider; provider: SmsProvider }>({
    // The empty pattern is how vitest learns that this fixture needs no other.
    fake: async ({}, use) => {
      const fake = await startFake();
      await use(fake);
      await fake.close();
    },
    make: async ({ fake }, use) => use((overrides) => adapter(fake, overrides)),
    provider: async ({ make }, use) => use(make()),
  });
}
