import type { Low } from 'lowdb';
import type { MessageView } from '../../shared/api';
import { isFinalStatus } from '../../shared/status';
import { openJsonDb } from './json-db';

export type StoredMessage = MessageView;

interface MessagesFile {
  messages: StoredMessage[];
}

/** Messages sent from contact cards (a mailing's messages live in its own ledger). */
export class MessageStore {
  private readonly byId = new Map<string, StoredMessage>();
  private readonly byProviderId = new Map<string, StoredMessage>();

  private constructor(private readonly db: Low<MessagesFile>) {
    for (const message of db.data.messages) this.index(message);
  }

  static async open(file: string): Promise<MessageStore> {
    return new MessageStore(await openJsonDb<MessagesFile>(file, { messages: [] }));
  }

  get(id: string): StoredMessage | undefined {
    return this.byId.get(id);
  }

  byProviderMessageId(providerMessageId: string): StoredMessage | undefined {
    return this.byProviderId.get(providerMessageId);
  }

  forContact(crmId: string): StoredMessage[] {
    return this.db.data.messages.filter((m) => m.contact?.crmId === crmId).reverse();
  }

  /** Messages that may still change: the provider has not said its last word on them. */
  pending(): StoredMessage[] {
    return this.db.data.messages.filter((m) => m.providerMessageId !== null && !isFinalStatus(m.status));
  }

  /** Messages left "sending" by a crash: the provider may or may not have them. */
  inFlight(): StoredMessage[] {
    return this.db.data.messages.filter((m) => m.status === 'sending');
  }

  async insert(message: StoredMessage): Promise<void> {
    await this.db.update(({ messages }) => messages.push(message));
    this.index(message);
  }

  /** Applies changes to several messages in one write. */
  async update(changes: { id: string; patch: Partial<StoredMessage> }[]): Promise<void> {
    if (changes.length === 0) return;
    await this.db.update(() => {
      for (const { id, patch } of changes) {
        const message = this.byId.get(id);
        if (message) Object.assign(message, patch);
      }
    });
    for (const { id } of changes) {
      const message = this.byId.get(id);
      if (message) this.index(message);
    }
  }

  async remove(id: string): Promise<void> {
    const message = this.byId.get(id);
    if (!message) return;
    await this.db.update(({ messages }) => {
      messages.splice(messages.indexOf(message), 1);
    });
    this.byId.delete(id);
    if (message.providerMessageId) this.byProviderId.delete(message.providerMessageId);
  }

  private index(message: StoredMessage): void {
    this.byId.set(message.id, message);
    if (message.providerMessageId) this.byProviderId.set(message.providerMessageId, message);
  }
}
