import { Hono } from 'hono';
import { limitBody } from './http/body-limit';
import { corsHeaders } from './http/cors-headers';
import { requireToken, type AuthEnv, type AuthUser } from './auth/auth';
import type { Clock } from './clock';
import type { RelayConfig } from './config';
import type { Logger } from './logger';
import type { ProviderRegistry } from './providers/registry';
import { auditTrail } from './http/audit-trail';
import { adapterRoutes } from './routes/adapters';
import { auditRoutes } from './routes/audit';
import { callbackRoutes } from './routes/callbacks';
import { consentRoutes } from './routes/consents';
import { contactRoutes } from './routes/contacts';
import type { MailingEngine } from './mailings/engine';
import type { MailingService } from './mailings/mailing-service';
import { costRoutes } from './routes/cost';
import { groupRoutes } from './routes/groups';
import { macroRoutes } from './routes/macros';
import { mailingRoutes } from './routes/mailings';
import { demoRoutes } from './routes/demo';
import { messageRoutes } from './routes/messages';
import { providerRoutes } from './routes/provider';
import { inboundRoutes } from './routes/inbound';
import { conversationRoutes, replyRoutes } from './routes/replies';
import type { ReplyService } from './replies/reply-service';
import { stopListRoutes } from './routes/stop-list';
import type { StopListService } from './opt-outs/stop-list-service';
import type { StopListSync } from './opt-outs/stop-list-sync';
import { errorAnswer } from './http/on-error';
import { plainJson } from './http/typed-json';
import { TurnQueue, takeTurns } from './http/turns';
import type { Store } from './store/store';

export interface AppDeps {
  config: Pick<
    RelayConfig,
    | 'corsOrigins'
    | 'bodyLimitBytes'
    | 'importLimitBytes'
    | 'defaultCountry'
    | 'allowedCountries'
    | 'publicUrl'
    | 'statusPollSeconds'
    | 'stopListSyncMinutes'
    | 'providerTimeoutMs'
    | 'optOut'
  >;
  store: Store;
  providers: ProviderRegistry;
  engine: MailingEngine;
  mailings: MailingService;
  /** The stop list as people and replies change it. */
  stopList: StopListService;
  /** A number the provider refused because its owner opted out there (Twilio's 21610, SMS.ru's 209): the relay lists it. */
  optedOutAtProvider(providerId: string, phone: string, words: string): Promise<void>;
  /** The stop list kept in step with the provider's own. */
  stopListSync: StopListSync;
  /** Replies: taken in from the webhooks and the sandbox, each contact's conversation, what is unread. */
  replies: ReplyService;
  clock: Clock;
  logger: Logger;
  /** The demo CRM page, served at /demo/ when given. */
  demoPage?: string;
}

/** Routes that take a whole file: their bodies may be as large as IMPORT_LIMIT_BYTES. */
const IMPORTS = new Set(['/api/contacts/import', '/api/stop-list/import']);

const EXTENSION_ORIGIN = /^(chrome-extension|moz-extension|safari-web-extension):\/\/[A-Za-z0-9._-]+$/;

/** The relay's HTTP app, built from its dependencies; the server entry only serves it. */
export function createApp(deps: AppDeps) {
  const { config, store, logger } = deps;
  const requestLimit = limitBody(config.bodyLimitBytes);
  const importLimit = limitBody(config.importLimitBytes);
  // Searches and group counts, from every caller: one per turn of the event loop.
  const heavyRead = takeTurns(new TurnQueue());

  const api = new Hono<AuthEnv>()
    .use(requireToken(store.tokens))
    // Who the token is: what a page offers (an admin's «Убрать») without asking the provider anything.
    .get('/me', (c) => plainJson<AuthUser>(c, c.get('user')))
    .use(auditTrail({ audit: store.audit, clock: deps.clock, logger }))
    .route('/provider', providerRoutes(deps))
    .route('/cost', costRoutes(deps))
    .route('/messages', messageRoutes(deps))
    .route('/contacts', contactRoutes(deps, heavyRead))
    .route('/contacts', consentRoutes(deps))
    .route('/contacts', conversationRoutes(deps.replies))
    .route('/replies', replyRoutes(deps.replies))
    .route('/mailings', mailingRoutes(deps.mailings))
    .route('/groups', groupRoutes(deps, heavyRead))
    .route('/macros', macroRoutes(deps))
    .route('/adapters', adapterRoutes(deps))
    .route('/', stopListRoutes(deps.stopList, deps.stopListSync))
    .route('/', auditRoutes(store.audit));

  const app = new Hono()
    .use(
      corsHeaders({
        origin: (origin) => (EXTENSION_ORIGIN.test(origin) || config.corsOrigins.includes(origin) ? origin : null),
        // If-None-Match / ETag: the extension revalidates its cached site overrides (GET /api/adapters).
        // X-CRM-Site: the CRM page a change came from, for the audit log.
        allowHeaders: ['Authorization', 'Content-Type', 'If-None-Match', 'X-CRM-Site'],
        exposeHeaders: ['ETag'],
        allowMethods: ['GET', 'POST', 'PUT', 'PATCH', 'DELETE'],
        maxAge: 600,
      }),
    )
    .use((c, next) => (IMPORTS.has(c.req.path) ? importLimit(c, next) : requestLimit(c, next)))
    .get('/health', (c) => c.json({ status: 'ok', provider: deps.providers.active.id }))
    .route('/', demoRoutes(deps.demoPage))
    .route('/callbacks', callbackRoutes(deps))
    .route('/inbound', inboundRoutes(deps))
    .route('/api', api);

  app.notFound((c) => c.json({ error: { code: 'not_found', message: `No route ${c.req.method} ${new URL(c.req.url).pathname}` } }, 404));
  app.onError(errorAnswer(logger));
  return app;
}

export type AppType = ReturnType<typeof createApp>;
