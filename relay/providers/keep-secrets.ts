import { ProviderError } from './provider-error';
import { secretScrubber, type SecretScrubber } from './secret-scrubber';
import type { InboundSms, LookupResult, ProviderStopListEntry, SendOutcome, SmsProvider, StatusUpdate } from './types';

/**
 * The one way out of a provider adapter. Everything an adapter's methods return or throw - outcomes, status
 * updates, ids, currencies, ProviderErrors with the provider's words, any other error - passes the scrubber of
 * that provider's credentials before the relay stores, logs or answers it. A provider's words are cut short
 * here too, after the scrubbing, so that no cut can leave part of a credential behind.
 */

declare const secretsKept: unique symbol;
/** A provider whose every answer has passed `keepingSecrets`; the registry takes no other. */
export type SecretKeeping<P extends SmsProvider = SmsProvider> = P & { readonly [secretsKept]: true };

/** The longest provider text (and provider code) an error keeps. */
export const PROVIDER_TEXT_MAX = 300;
const PROVIDER_CODE_MAX = 40;

/**
 * Fields that identify (a phone, a message id) rather than say something: the provider never cuts them short,
 * so only whole credentials are looked for there. Every other string is scrubbed as words.
 */
type Identifier = keyof SendOutcome | keyof StatusUpdate | keyof LookupResult | keyof ProviderStopListEntry | keyof InboundSms;
const IDENTIFIERS = new Set<string>(['to', 'from', 'providerMessageId', 'phone'] satisfies Identifier[]);

const cut = (text: string, max: number): string => (text.length > max ? `${text.slice(0, max - 1)}…` : text);

/** `credentials`: every credential the provider is configured with, as the adapter sends it (e.g. also "user:password" for HTTP Basic). */
export function keepingSecrets<P extends SmsProvider>(provider: P, credentials: readonly (string | undefined)[]): SecretKeeping<P> {
  const scrub = secretScrubber(credentials);
  const kept: Record<string, unknown> = {};
  for (const [name, member] of Object.entries(provider)) {
    kept[name] = typeof member === 'function' ? keptMethod(member.bind(provider), scrub) : member;
  }
  return kept as unknown as SecretKeeping<P>;
}

function keptMethod(method: (...args: unknown[]) => unknown, scrub: SecretScrubber) {
  return (...args: unknown[]): unknown => {
    let result: unknown;
    try {
      result = method(...args);
    } catch (error) {
      throw scrubbedError(error, scrub);
    }
    if (result instanceof Promise) {
      return result.then(
        (value: unknown) => scrubbed(value, scrub),
        (error: unknown) => {
          throw scrubbedError(error, scrub);
        },
      );
    }
    return scrubbed(result, scrub);
  };
}

/** The same plain data (strings, arrays, plain objects, ProviderErrors) with every string scrubbed. */
function scrubbed<T>(value: T, scrub: SecretScrubber, field?: string): T {
  if (typeof value === 'string') return (field !== undefined && IDENTIFIERS.has(field) ? scrub.identifier(value) : scrub.text(value)) as T;
  if (Array.isArray(value)) return value.map((item: unknown) => scrubbed(item, scrub)) as T;
  if (value instanceof ProviderError) return scrubbedProviderError(value, scrub) as T;
  if (value !== null && typeof value === 'object' && Object.getPrototypeOf(value) === Object.prototype) {
    return Object.fromEntries(Object.entries(value).map(([key, item]) => [key, scrubbed(item, scrub, key)])) as T;
  }
  return value;
}

const scrubbedProviderError = (error: ProviderError, scrub: SecretScrubber): ProviderError =>
  error.reworded({
    providerCode: error.providerCode === undefined ? undefined : cut(scrub.text(error.providerCode), PROVIDER_CODE_MAX),
    providerText: error.providerText === undefined ? undefined : cut(scrub.text(error.providerText), PROVIDER_TEXT_MAX),
  });

function scrubbedError(error: unknown, scrub: SecretScrubber): unknown {
  if (error instanceof ProviderError) return scrubbedProviderError(error, scrub);
  if (error instanceof Error) {
    // Not the provider's refusal but a failure in the adapter, whose text may quote what the provider sent.
    error.message = scrub.text(error.message);
    if (error.stack) error.stack = scrub.text(error.stack);
    return error;
  }
  return typeof error === 'string' ? scrub.text(error) : error;
}

/** A provider that holds no credentials (the sandbox) has none to keep. */
export const holdingNoSecrets = <P extends SmsProvider>(provider: P): SecretKeeping<P> => provider as SecretKeeping<P>;
