import { expect } from 'vitest';
import { ProviderError } from '../../relay/providers/provider-error';
import type { SendOutcome } from '../../relay/providers/types';

/**
 * Checks for provider adapter tests: each unwraps an outcome or a thrown error and asserts on the way
 * that none of the given credentials shows in what a user or a log would see.
 */
export function providerChecks(secrets: string[]) {
  const expectNoSecrets = (error: Error) => {
    for (const secret of secrets) expect(error.message).not.toContain(secret);
  };
  return {
    /** The ProviderError a call rejects with. */
    async caught(promise: Promise<unknown>): Promise<ProviderError> {
      const error = await promise.then(
        () => undefined,
        (e: unknown) => e,
      );
      expect(error).toBeInstanceOf(ProviderError);
      expectNoSecrets(error as ProviderError);
      return error as ProviderError;
    },
    failed(outcome: SendOutcome | undefined): ProviderError {
      if (!outcome || outcome.ok) throw new Error(`expected a failed outcome, got ${JSON.stringify(outcome)}`);
      expectNoSecrets(outcome.error);
      return outcome.error;
    },
    succeeded(outcome: SendOutcome | undefined): Extract<SendOutcome, { ok: true }> {
      if (!outcome?.ok) throw new Error(`expected a sent outcome, got ${JSON.stringify(outcome)}`);
      return outcome;
    },
  };
}
