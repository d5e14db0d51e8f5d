import { randomBytes } from 'node:crypto';
import { mkdir } from 'node:fs/promises';
import { join } from 'node:path';
import { AdapterHealthStore } from './adapter-health';
import { AdapterOverrideStore } from './adapter-overrides';
import { AuditLog } from './audit-log';
import { ConsentStore } from './consents';
import { ContactStore } from './contacts';
import { GroupStore } from './groups';
import { InboundMessageStore } from './inbound-messages';
import { MailingStore } from './mailings';
import { nodeIo, type DataIo } from './data-io';
import { JsonDb } from './json-db';
import { MessageStore } from './messages';
import { StopListStore } from './stop-list';
import { StopListSyncStore } from './stop-list-sync';
import { TokenStore } from './tokens';

export interface Store {
  tokens: TokenStore;
  contacts: ContactStore;
  /** Each contact's consent to advertising, with its history (append-only). */
  consents: ConsentStore;
  messages: MessageStore;
  /** The SMS people sent back (replies), each once, with the contacts and mailing it was matched to. */
  inboundMessages: InboundMessageStore;
  mailings: MailingStore;
  groups: GroupStore;
  /** Per-site reading rules (admin-edited) and the selector-health counts the extensions report. */
  adapterOverrides: AdapterOverrideStore;
  adapterHealth: AdapterHealthStore;
  /** Numbers that get no mailing messages («Стоп-лист»), with how and when each came onto it. */
  stopList: StopListStore;
  /** Every data-changing request: who, what, when, from which CRM site (appended, never rewritten). */
  audit: AuditLog;
  /** What each provider's own stop list holds of the relay's numbers: the sync's ledger, and so its outbox. */
  stopListSync: StopListSyncStore;
  /** Folder of each mailing's recipient ledger. */
  mailingDir(id: string): string;
  /** Secret path segment of the provider callback URLs. */
  callbackSecret: string;
  /** The file-system calls every write of the data folder goes through. */
  io: DataIo;
}

/** Where each kind of record lives under the data directory (see the README, "Data"). */
export const dataFiles = (dataDir: string) => ({
  tokens: join(dataDir, 'tokens.json'),
  contacts: join(dataDir, 'contacts.jsonl'),
  consents: join(dataDir, 'consents.jsonl'),
  legacyContacts: join(dataDir, 'contacts.json'),
  messages: join(dataDir, 'messages.json'),
  secrets: join(dataDir, 'secrets.json'),
  mailings: join(dataDir, 'mailings.json'),
  groups: join(dataDir, 'groups.json'),
  adapterOverrides: join(dataDir, 'adapter-overrides.json'),
  adapterHealth: join(dataDir, 'adapter-health.json'),
  stopList: join(dataDir, 'stop-list.jsonl'),
  audit: join(dataDir, 'audit.jsonl'),
  stopListSync: join(dataDir, 'stop-list-sync.jsonl'),
  inboundMessages: join(dataDir, 'inbound-messages.jsonl'),
  mailingDirs: join(dataDir, 'mailings'),
});

export async function openStore(dataDir: string, options: { callbackSecret?: string; io?: DataIo } = {}): Promise<Store> {
  const files = dataFiles(dataDir);
  const io = options.io ?? nodeIo;
  await mkdir(dataDir, { recursive: true });
  const contacts = ContactStore.open(files.contacts, files.legacyContacts, io);
  const stopList = StopListStore.open(files.stopList, io);
  const stopListSync = StopListSyncStore.open(files.stopListSync, io);
  const consents = ConsentStore.open(files.consents, io);
  const audit = AuditLog.open(files.audit, io);
  const inboundMessages = InboundMessageStore.open(files.inboundMessages, io);
  const [tokens, messages, mailings, groups, adapterOverrides, adapterHealth] = await Promise.all([
    TokenStore.open(files.tokens, io),
    MessageStore.open(files.messages, io),
    MailingStore.open(files.mailings, io),
    GroupStore.open(files.groups, io),
    AdapterOverrideStore.open(files.adapterOverrides, io),
    AdapterHealthStore.open(files.adapterHealth, io),
  ]);
  return {
    tokens,
    contacts,
    consents,
    messages,
    inboundMessages,
    mailings,
    groups,
    adapterOverrides,
    adapterHealth,
    stopList,
    audit,
    stopListSync,
    io,
    mailingDir: (id) => join(files.mailingDirs, id),
    callbackSecret: options.callbackSecret ?? (await generatedCallbackSecret(files.secrets, io)),
  };
}

async function generatedCallbackSecret(file: string, io: DataIo): Promise<string> {
  const db = await JsonDb.open<{ callbackSecret?: string }>(file, {}, io);
  if (!db.data.callbackSecret) await db.update((data) => (data.callbackSecret = randomBytes(18).toString('base64url')));
  return db.data.callbackSecret!;
}
