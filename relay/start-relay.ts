import { serve, type ServerType } from '@hono/node-server';
import type { Server } from 'node:http';
import { answerMalformedRequest } from './http/malformed-request';
import { cutSlowRequests } from './http/slow-request';
import { readFile } from 'node:fs/promises';
import type { AddressInfo } from 'node:net';
import { createApp } from './app';
import { engineClockOf, type Clock } from './clock';
import { engineConfigOf, type RelayConfig } from './config';
import { MailingEngine } from './mailings/engine';
import { createMailingService } from './mailings/mailing-service';
import { createSystemAudit } from './domain/system-audit';
import { crmFlagEntries } from './opt-outs/crm-flag-entries';
import { providerOptOuts } from './opt-outs/provider-opt-out';
import { createStopListService } from './opt-outs/stop-list-service';
import { createStopListSync } from './opt-outs/stop-list-sync';
import { createReplyService } from './replies/reply-service';
import { startSandboxReplies } from './replies/sandbox-reply-pump';
import type { SandboxProvider } from './providers/sandbox';
import { recoverInFlight } from './delivery/recover-in-flight';
import { createStatusPoller, startStatusPolling, statusPollIntervalMs } from './delivery/status-poller';
import type { Logger } from './logger';
import { createProviderRegistry } from './providers/registry';
import type { DataIo } from './store/data-io';
import { LineFileMailingStorage } from './store/line-file-mailings/line-file-mailing-storage';
import { openStore, type Store } from './store/store';

export interface RunningRelay {
  url: string;
  store: Store;
  /** The admin token created on the first start of an empty data directory, once. */
  firstAdminToken?: string;
  /** One round of delivery-status polling now (it also runs every statusPollSeconds, the sandbox at its own pace). */
  pollStatuses(): Promise<number>;
  engine: MailingEngine;
  close(): Promise<void>;
}

/** Opens the data, recovers from an earlier crash, and serves the relay until closed. */
export async function startRelay(config: RelayConfig, deps: { clock: Clock; logger: Logger; io?: DataIo }, options: { scheduler?: boolean } = {}): Promise<RunningRelay> {
  const { clock, logger } = deps;
  const store = await openStore(config.dataDir, { callbackSecret: config.callbackSecret, io: deps.io });
  const providers = createProviderRegistry(config, { clock, callbackSecret: store.callbackSecret });

  const lost = await recoverInFlight(store, new Date(clock.now()), logger);
  if (lost > 0) logger.warn(`${lost} message(s) were being sent when the relay stopped; marked "unknown", not re-sent`);
  // What changes without an API request (replies, the sync, the engine's own steps) is audited as the relay's.
  const audit = createSystemAudit({ audit: store.audit, clock, logger });
  // The sync is told of each change of the list, and itself adds the numbers it pulls from the provider.
  const stopListSync = createStopListSync({
    provider: providers.active,
    stopList: store.stopList,
    ledger: store.stopListSync,
    add: (addition) => stopList.add(addition),
    audit,
    clock: engineClockOf(clock),
    logger,
    defaultCountry: config.defaultCountry,
    everyMs: config.stopListSyncMinutes * 60_000,
  });
  const crmFlags = crmFlagEntries(store.contacts);
  const stopList = createStopListService({ stopList: store.stopList, clock, defaultCountry: config.defaultCountry, changed: () => stopListSync.changed(), crmFlags });
  const optedOutAtProvider = providerOptOuts(stopList, audit, logger);
  // What a mailing skips: the numbers on the list, and those a contact's «Не использовать SMS» lists.
  const mailingStopList = { has: (phone: string) => store.stopList.has(phone) || crmFlags.has(phone) };
  const directory = { contacts: store.contacts, groups: store.groups, consents: store.consents, stopList: mailingStopList };

  const engineConfig = engineConfigOf(config);
  const storage = new LineFileMailingStorage(store.mailings, store.mailingDir, store.io);
  const engine = new MailingEngine({
    storage,
    contacts: store.contacts,
    stopList: mailingStopList,
    consents: store.consents,
    optedOutAtProvider,
    audit,
    providers,
    clock: engineClockOf(clock),
    logger,
    config: engineConfig,
  });
  const { lostInFlight } = await engine.start({ scheduler: options.scheduler ?? true });
  if (lostInFlight > 0) logger.warn(`${lostInFlight} mailing recipient(s) were being sent when the relay stopped; marked "unknown", not re-sent`);
  const replies = createReplyService({
    store,
    storage,
    mailingMessagesForContact: (crmId) => engine.messagesForContact(crmId),
    stopList,
    keywords: { stop: config.optOut.stopKeywords, start: config.optOut.startKeywords },
    clock,
    defaultCountry: config.defaultCountry,
    audit,
  });
  const directoryChanges = () => [store.contacts.changes, store.groups.changes, store.stopList.changes, store.consents.changes].join('.');
  const mailings = createMailingService({ storage, directory, engine, providers, clock, config: engineConfig, replyCounts: replies.mailingCounts, directoryChanges });

  let firstAdminToken: string | undefined;
  if (store.tokens.list().length === 0) {
    firstAdminToken = (await store.tokens.create('admin', 'admin', new Date(clock.now()))).token;
  }

  const demoPage = config.demoCrm ? await readFile(new URL('./demo/demo-crm.html', import.meta.url), 'utf8') : undefined;
  const app = createApp({ config, store, providers, clock, logger, demoPage, engine, mailings, stopList, optedOutAtProvider, stopListSync, replies });
  const server: ServerType = await new Promise((resolve) => {
    const timeoutMs = config.requestTimeoutSeconds * 1000;
    const s = serve(
      {
        fetch: app.fetch,
        hostname: config.host,
        port: config.port,
        // Node checks for overdue requests every connectionsCheckingInterval; check often enough to honour a short timeout.
        serverOptions: { requestTimeout: timeoutMs, headersTimeout: timeoutMs, connectionsCheckingInterval: Math.min(1000, timeoutMs) },
      },
      () => resolve(s),
    );
  });
  server.on('clientError', answerMalformedRequest);
  cutSlowRequests(server as Server, config.requestTimeoutSeconds * 1000);
  const { port } = server.address() as AddressInfo;
  const host = config.host.includes(':') ? `[${config.host}]` : config.host;

  const poller = createStatusPoller({ store, engine, provider: providers.active, clock, logger });
  const pollEveryMs = statusPollIntervalMs(providers.active, config);
  const stopPolling = pollEveryMs === null ? () => {} : startStatusPolling(poller, pollEveryMs, logger);
  stopListSync.start();
  const sandbox = providers.active.id === 'sandbox' ? (providers.active as SandboxProvider) : undefined;
  const stopSandboxReplies = sandbox ? startSandboxReplies({ dueReplies: () => sandbox.dueReplies(), receive: replies.receive, logger }) : () => {};

  return {
    url: `http://${host}:${port}`,
    store,
    firstAdminToken,
    pollStatuses: () => poller.pollOnce(),
    engine,
    close: async () => {
      stopPolling();
      await stopListSync.stop();
      stopSandboxReplies();
      await engine.stop();
      const closed = new Promise<void>((resolve) => server.close(() => resolve()));
      // Idle keep-alive connections (browsers keep them) would hold the close for seconds.
      if ('closeAllConnections' in server) server.closeAllConnections();
      await closed;
      // What pre-flights froze for a launch that will not come now.
      mailings.dropStagedPreflights();
    },
  };
}
