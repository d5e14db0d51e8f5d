import type { MessageView } from '../../shared/api';
import { isFinalStatus } from '../../shared/status';
import type { DataIo } from './data-io';
import { JsonDb } from './json-db';

export type StoredMessage = MessageView;

interface MessagesFile {
  messages: StoredMessage[];
}

/** Messages sent from contact cards (a mailing's messages live in its own ledger). */
export class MessageStore {
  private readonly byId = new Map<string, StoredMessage>();
  private readonly byProviderId = new Map<string, StoredMessage>();
  /** By phone digits: the latest message to the number (where a reply from it is matched). */
  private readonly lastTo = new Map<string, StoredMessage>();

  private constructor(private readonly db: JsonDb<MessagesFile>) {
    for (const message of db.data.messages) this.index(message);
  }

  static async open(file: string, io?: DataIo): Promise<MessageStore> {
    return new MessageStore(await JsonDb.open<MessagesFile>(file, { messages: [] }, io));
  }

  get(id: string): StoredMessage | undefined {
    return this.byId.get(id);
  }

  byProviderMessageId(providerMessageId: string): StoredMessage | undefined {
    return this.byProviderId.get(providerMessageId);
  }

  /** The latest card message to these digits, if any. */
  lastToPhone(digits: string): StoredMessage | undefined {
    return this.lastTo.get(digits);
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
    const patches = new Map(changes.map(({ id, patch }) => [id, patch]));
    await this.db.update(({ messages }) => {
      for (const message of messages) {
        const patch = patches.get(message.id);
        if (patch) Object.assign(message, patch);
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
    await this.db.update((data) => {
      data.messages = data.messages.filter((m) => m.id !== id);
    });
    this.byId.delete(id);
    if (message.providerMessageId) this.byProviderId.delete(message.providerMessageId);
    if (this.lastTo.get(message.phone) === message) {
      this.lastTo.delete(message.phone);
      const earlier = this.db.data.messages.findLast((m) => m.phone === message.phone);
      if (earlier) this.lastTo.set(earlier.phone, earlier);
    }
  }

  private index(message: StoredMessage): void {
    this.byId.set(message.id, message);
    if (message.providerMessageId) this.byProviderId.set(message.providerMessageId, message);
    const last = this.lastTo.get(message.phone);
    if (!last || last === message || last.createdAt <= message.createdAt) this.lastTo.set(message.phone, message);
  }
}
