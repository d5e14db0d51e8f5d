import { randomBytes } from 'node:crypto';
import { Hono } from 'hono';
import type { BalanceView, CheckView } from '../../shared/api';
import { STOP_LIST_NOTICES } from '../../shared/providers';
import { NOT_SUPPORTED } from '../../shared/texts';
import { DomainError } from '../domain/errors';
import { requireRole, type AuthEnv } from '../auth/auth';
import type { AppDeps } from '../app';
import { callbackUrl, inboundUrl } from '../providers/registry';
import type { SandboxProvider } from '../providers/sandbox';
import { stopListPhone } from '../opt-outs/stop-list-phone';
import { noteForAudit } from '../http/audit-trail';
import { jsonBody } from '../http/validation';
import { sandboxReplySchema } from '../../shared/stop-list';
import { NO_REPLIES } from '../../shared/replies';
import { notSupported } from './not-supported';

/**
 * The active provider: what it can do, its balance and settings; the sandbox's outbox, and replies it
 * pretends a person sent (taken in as a real one: stored, matched, STOP and START applied).
 */
export const providerRoutes = ({ providers, store, config, replies }: AppDeps) => {
  const provider = providers.active;
  const onlySandbox = (what: string, whatRu: string) => {
    if (provider.id !== 'sandbox') {
      throw new DomainError('not_found', 'not_found', `Only the sandbox provider ${what}; the relay sends through ${provider.name}`, {
        messageRu: `Это есть только у тестового оператора (песочницы): ${whatRu}`,
      });
    }
  };
  return new Hono<AuthEnv>()
    .get('/', (c) =>
      c.json({
        id: provider.id,
        name: provider.name,
        capabilities: provider.capabilities,
        notSupportedText: NOT_SUPPORTED,
        noRepliesText: NO_REPLIES,
        // What to say where the stop list is shown, for a provider that keeps none the relay can read (else null).
        stopListNotice: STOP_LIST_NOTICES[provider.capabilities.stopList],
      }),
    )
    .post('/check', async (c) => {
      if (provider.check) await provider.check();
      const user = c.get('user');
      return c.json({
        relay: 'ok',
        token: 'ok',
        user,
        provider: { id: provider.id, credentials: provider.check ? 'ok' : 'not_checked' },
      } satisfies CheckView);
    })
    .get('/balance', requireRole('marketer'), async (c) => {
      if (!provider.balance) throw notSupported(`${provider.name} does not report a balance`);
      return c.json((await provider.balance()) satisfies BalanceView);
    })
    .get('/settings', requireRole('admin'), (c) =>
      c.json({
        id: provider.id,
        configured: providers.list().map((p) => p.id),
        callbackUrl: provider.capabilities.callbacks ? (callbackUrl(config, provider.id, store.callbackSecret) ?? null) : null,
        inboundUrl: provider.parseInbound ? (inboundUrl(config, provider.id, store.callbackSecret) ?? null) : null,
        statusPollSeconds: config.statusPollSeconds,
        stopListSyncMinutes: provider.capabilities.stopList === 'sync' ? config.stopListSyncMinutes : null,
        defaultCountry: config.defaultCountry,
        allowedCountries: config.allowedCountries,
        providerTimeoutMs: config.providerTimeoutMs,
      }),
    )
    .get('/outbox', requireRole('admin'), (c) => {
      onlySandbox('keeps an outbox', 'журнал отправленного');
      return c.json({ messages: (provider as SandboxProvider).outbox().slice(-500) });
    })
    .post('/sandbox/replies', requireRole('admin'), jsonBody(sandboxReplySchema), async (c) => {
      onlySandbox('can simulate replies', 'имитация ответов');
      const { from, text } = c.req.valid('json');
      const phone = stopListPhone(from, config.defaultCountry, 'from');
      const sms = { providerMessageId: `sbx-in-${randomBytes(6).toString('hex')}`, from: phone, to: 'sandbox', text };
      const { message, outcome } = await replies.receiveInRequest({ provider: 'sandbox', ...sms });
      noteForAudit(c, { target: { phone }, details: { keyword: outcome.keyword ?? 'none', text } });
      return c.json({ ...outcome, reply: replies.view(message) });
    });
};
