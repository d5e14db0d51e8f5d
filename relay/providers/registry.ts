import type { ProviderId } from '../../shared/providers';
import type { Clock } from '../clock';
import type { RelayConfig } from '../config';
import { createSandboxProvider } from './sandbox';
import { createSmsAeroProvider } from './smsaero';
import { createSmscProvider } from './smsc';
import { createSmsRuProvider } from './smsru';
import { createTwilioProvider } from './twilio';
import { holdingNoSecrets, type SecretKeeping } from './keep-secrets';
import type { SmsProvider } from './types';

export interface ProviderRegistry {
  /** The provider messages go through (setting "provider"). */
  active: SmsProvider;
  get(id: ProviderId): SmsProvider | undefined;
  list(): SmsProvider[];
}

/** The callback URL a provider should report delivery to, when the relay has a public address. */
export const callbackUrl = (config: Pick<RelayConfig, 'publicUrl'>, provider: ProviderId, secret: string): string | undefined =>
  config.publicUrl ? `${config.publicUrl.replace(/\/+$/, '')}/callbacks/${provider}/${secret}` : undefined;

/** The address a provider should post the messages people send us to (POST /inbound/…), when the relay has a public address. */
export const inboundUrl = (config: Pick<RelayConfig, 'publicUrl'>, provider: ProviderId, secret: string): string | undefined =>
  config.publicUrl ? `${config.publicUrl.replace(/\/+$/, '')}/inbound/${provider}/${secret}` : undefined;

/** Builds every provider whose credentials are configured (the sandbox always). */
export function createProviderRegistry(config: RelayConfig, deps: { clock: Clock; callbackSecret: string }): ProviderRegistry {
  const timeoutMs = config.providerTimeoutMs;
  // Only providers whose answers pass keep-secrets.ts: none of their texts can carry a credential.
  const built = new Map<ProviderId, SecretKeeping>();
  built.set('sandbox', holdingNoSecrets(createSandboxProvider({ clock: deps.clock, ...config.sandbox })));
  const { smsru, smsc, smsaero, twilio } = config;
  if (smsru.apiId) {
    built.set('smsru', createSmsRuProvider({ baseUrl: smsru.baseUrl, timeoutMs, apiId: smsru.apiId, from: smsru.from, test: smsru.test }));
  }
  if (smsc.login && (smsc.password || smsc.apiKey)) {
    built.set(
      'smsc',
      createSmscProvider({ baseUrl: smsc.baseUrl, timeoutMs, login: smsc.login, password: smsc.password, apiKey: smsc.apiKey, sender: smsc.sender, clock: deps.clock }),
    );
  }
  if (smsaero.email && smsaero.apiKey) {
    built.set(
      'smsaero',
      createSmsAeroProvider({
        baseUrl: smsaero.baseUrl,
        timeoutMs,
        email: smsaero.email,
        apiKey: smsaero.apiKey,
        sign: smsaero.sign,
        clock: deps.clock,
        callbackUrl: callbackUrl(config, 'smsaero', deps.callbackSecret),
      }),
    );
  }
  if (twilio.accountSid && twilio.authToken) {
    built.set(
      'twilio',
      createTwilioProvider({
        baseUrl: twilio.baseUrl,
        timeoutMs,
        accountSid: twilio.accountSid,
        authToken: twilio.authToken,
        from: twilio.from,
        messagingServiceSid: twilio.messagingServiceSid,
        clock: deps.clock,
        statusCallbackUrl: callbackUrl(config, 'twilio', deps.callbackSecret),
      }),
    );
  }
  const active = built.get(config.provider);
  if (!active) throw new Error(`provider "${config.provider}" has no credentials configured`);
  return { active, get: (id) => built.get(id), list: () => [...built.values()] };
}
