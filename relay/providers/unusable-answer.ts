import { ProviderError } from './provider-error';

/**
 * A 2xx answer the adapter cannot read (no message id, not the documented shape). The provider answered
 * "OK" in some form, so it may well have taken the message: its fate is unknown, never "not sent".
 */
export const unusableAnswer = (providerText: string): ProviderError => new ProviderError('service_unavailable', { providerText, outcomeUnknown: true });
