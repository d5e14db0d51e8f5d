import { randomBytes } from 'node:crypto';
import { mkdir } from 'node:fs/promises';
import { join } from 'node:path';
import { ContactStore } from './contacts';
import { GroupStore } from './groups';
import { MailingStore } from './mailings';
import { openJsonDb } from './json-db';
import { MessageStore } from './messages';
import { TokenStore } from './tokens';

export interface Store {
  tokens: TokenStore;
  contacts: ContactStore;
  messages: MessageStore;
  mailings: MailingStore;
  groups: GroupStore;
  /** Folder of each mailing's recipient ledger. */
  mailingDir(id: string): string;
  /** Secret path segment of the provider callback URLs. */
  callbackSecret: string;
}

/** Where each kind of record lives under the data directory (see the README, "Data"). */
export const dataFiles = (dataDir: string) => ({
  tokens: join(dataDir, 'tokens.json'),
  contacts: join(dataDir, 'contacts.jsonl'),
  legacyContacts: join(dataDir, 'contacts.json'),
  messages: join(dataDir, 'messages.json'),
  secrets: join(dataDir, 'secrets.json'),
  mailings: join(dataDir, 'mailings.json'),
  groups: join(dataDir, 'groups.json'),
  mailingDirs: join(dataDir, 'mailings'),
});

export async function openStore(dataDir: string, options: { callbackSecret?: string } = {}): Promise<Store> {
  const files = dataFiles(dataDir);
  await mkdir(dataDir, { recursive: true });
  const contacts = ContactStore.open(files.contacts, files.legacyContacts);
  const [tokens, messages, mailings, groups] = await Promise.all([
    TokenStore.open(files.tokens),
    MessageStore.open(files.messages),
    MailingStore.open(files.mailings),
    GroupStore.open(files.groups),
  ]);
  return {
    tokens, contacts, messages, mailings, groups,
    mailingDir: (id) => join(files.mailingDirs, id),
    callbackSecret: options.callbackSecret ?? (await generatedCallbackSecret(files.secrets)),
  };
}

async function generatedCallbackSecret(file: string): Promise<string> {
  const db = await openJsonDb<{ callbackSecret?: string }>(file, {});
  if (!db.data.callbackSecret) await db.update((data) => (data.callbackSecret = randomBytes(18).toString('base64url')));
  return db.data.callbackSecret!;
}
