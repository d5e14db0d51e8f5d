import { Hono } from 'hono';
import type { BalanceView, CheckView } from '../../shared/api';
import { NOT_SUPPORTED } from '../../shared/texts';
import { ApiError } from '../api-error';
import { requireRole, type AuthEnv } from '../auth/auth';
import type { AppDeps } from '../app';
import { ProviderError } from '../providers/provider-error';
import { callbackUrl } from '../providers/registry';
import type { SandboxProvider } from '../providers/sandbox';

async function provided<T>(call: () => Promise<T>): Promise<T> {
  try {
    return await call();
  } catch (error) {
    throw error instanceof ProviderError ? ApiError.fromProvider(error) : error;
  }
}

export const providerRoutes = ({ providers, store, config }: AppDeps) => {
  const provider = providers.active;
  return new Hono<AuthEnv>()
    .get('/', (c) =>
      c.json({ id: provider.id, name: provider.name, capabilities: provider.capabilities, notSupportedText: NOT_SUPPORTED }),
    )
    .post('/check', async (c) => {
      if (provider.check) await provided(() => provider.check!());
      const user = c.get('user');
      return c.json({
        relay: 'ok', token: 'ok', user,
        provider: { id: provider.id, credentials: provider.check ? 'ok' : 'not_checked' },
      } satisfies CheckView);
    })
    .get('/balance', requireRole('marketer'), async (c) => {
      if (!provider.balance) throw ApiError.notSupported(`${provider.name} does not report a balance`);
      return c.json((await provided(() => provider.balance!())) satisfies BalanceView);
    })
    .get('/settings', requireRole('admin'), (c) =>
      c.json({
        id: provider.id,
        configured: providers.list().map((p) => p.id),
        callbackUrl: provider.capabilities.callbacks ? (callbackUrl(config, provider.id, store.callbackSecret) ?? null) : null,
        statusPollSeconds: config.statusPollSeconds,
        defaultCountry: config.defaultCountry,
        allowedCountries: config.allowedCountries,
        providerTimeoutMs: config.providerTimeoutMs,
      }),
    )
    .get('/outbox', requireRole('admin'), (c) => {
      if (provider.id !== 'sandbox') throw new ApiError(404, 'not_found', 'Only the sandbox provider keeps an outbox');
      return c.json({ messages: (provider as SandboxProvider).outbox().slice(-500) });
    });
};
