import { timeSlicer } from '../contacts/time-slicer';
import type { InboundMessage } from '../../shared/replies';
import type { DataIo } from './data-io';
import { RecordLog } from './record-log';

/** What a mailing's replies come to: how many, and how many numbers said STOP. */
export interface MailingReplyCounts {
  replies: number;
  optOuts: number;
}

function pushTo(index: Map<string, string[]>, key: string, id: string): void {
  const ids = index.get(key);
  if (ids) ids.push(id);
  else index.set(key, [id]);
}

const providerKey = (provider: string, providerMessageId: string) => `${provider}\n${providerMessageId}`;

/**
 * The SMS people sent us (`inbound-messages.jsonl`), in an append-only record log keyed by id: marking
 * one read writes it again. Every message is also held in memory, with its place by contact, by the
 * provider's id (a webhook the provider retries finds the one stored), the unread ones and each mailing's
 * counts. A change is on disk (fsync'd) before memory sees it: a write the disk refuses throws a
 * StorageError and changes nothing.
 */
export class InboundMessageStore {
  private readonly byId = new Map<string, InboundMessage>();
  private readonly byProviderId = new Map<string, string>();
  private readonly byContact = new Map<string, string[]>();
  private readonly byFrom = new Map<string, string[]>();
  /** Each message's place in the order the log gave them (as they came, in this run): replies are listed oldest first by it. */
  private readonly arrival = new Map<string, number>();
  private readonly unread = new Set<string>();
  private readonly byMailing = new Map<string, { replies: number; stoppers: Set<string> }>();
  /** Compaction takes turns of the event loop; no write may start meanwhile. */
  private turn: Promise<unknown> = Promise.resolve();

  private constructor(private readonly log: RecordLog<InboundMessage>) {}

  static open(file: string, io?: DataIo): InboundMessageStore {
    let store: InboundMessageStore | undefined;
    const loaded: InboundMessage[] = [];
    const log = RecordLog.open<InboundMessage>(
      file,
      (message) => message.id,
      (message) => (store ? store.remember(message) : loaded.push(message)),
      io,
    );
    store = new InboundMessageStore(log);
    for (const message of loaded) store.remember(message);
    return store;
  }

  get(id: string): InboundMessage | undefined {
    return this.byId.get(id);
  }

  /** The message a provider's id belongs to, if it was stored. */
  byProviderMessageId(provider: string, providerMessageId: string): InboundMessage | undefined {
    const id = this.byProviderId.get(providerKey(provider, providerMessageId));
    return id === undefined ? undefined : this.byId.get(id);
  }

  /**
   * A contact's replies, oldest first: those matched to it when they came, and every one from these
   * numbers (the contact's numbers now), so a reply that came before its contact was in the directory is
   * on its card too.
   */
  forContact(crmId: string, numbers: readonly string[] = []): InboundMessage[] {
    const ids = new Set(this.byContact.get(crmId));
    for (const digits of numbers) for (const id of this.byFrom.get(digits) ?? []) ids.add(id);
    return [...ids].sort((a, b) => this.arrival.get(a)! - this.arrival.get(b)!).map((id) => this.byId.get(id)!);
  }

  /**
   * Replies nobody has read: how many, and whose. `contactsOf` says whose a reply is now; one that is
   * nobody's has no card to read it on, so it is not counted.
   */
  unreadReplies(contactsOf: (message: InboundMessage) => readonly string[] = (message) => message.contactIds): { count: number; contacts: string[] } {
    const contacts = new Set<string>();
    let count = 0;
    for (const id of this.unread) {
      const owners = contactsOf(this.byId.get(id)!);
      if (owners.length === 0) continue;
      count++;
      for (const crmId of owners) contacts.add(crmId);
    }
    return { count, contacts: [...contacts] };
  }

  /** Every number a reply came from. */
  senders(): Iterable<string> {
    return this.byFrom.keys();
  }

  mailingCounts(mailingId: string): MailingReplyCounts {
    const counts = this.byMailing.get(mailingId);
    return { replies: counts?.replies ?? 0, optOuts: counts?.stoppers.size ?? 0 };
  }

  /** Stores the message once per provider id: a second one with the same id changes nothing and gets the first (`created` false). */
  add(message: InboundMessage): Promise<{ message: InboundMessage; created: boolean }> {
    return this.exclusive(() => {
      const known = this.byProviderMessageId(message.provider, message.providerMessageId);
      if (known) return { message: known, created: false };
      this.write([message]);
      return { message, created: true };
    });
  }

  /** Marks these messages read in one write; says how many were unread. */
  markRead(ids: readonly string[]): Promise<number> {
    return this.exclusive(() => {
      const changed = ids.filter((id) => this.unread.has(id)).map((id) => ({ ...this.byId.get(id)!, read: true }));
      this.write(changed);
      return changed.length;
    });
  }

  close(): void {
    this.log.close();
  }

  private write(messages: InboundMessage[]): void {
    if (messages.length === 0) return;
    this.log.putMany(messages);
    for (const message of messages) this.remember(message);
    if (this.log.wantsCompaction) this.turn = this.turn.then(() => this.log.compact(timeSlicer()));
  }

  private remember(message: InboundMessage): void {
    const before = this.byId.get(message.id);
    this.byId.set(message.id, message);
    if (message.read) this.unread.delete(message.id);
    else this.unread.add(message.id);
    // Only read can change once a message is stored: the rest is placed once.
    if (before) return;
    this.byProviderId.set(providerKey(message.provider, message.providerMessageId), message.id);
    this.arrival.set(message.id, this.arrival.size);
    for (const crmId of message.contactIds) pushTo(this.byContact, crmId, message.id);
    pushTo(this.byFrom, message.from, message.id);
    if (message.mailingId !== null) {
      let counts = this.byMailing.get(message.mailingId);
      if (!counts) this.byMailing.set(message.mailingId, (counts = { replies: 0, stoppers: new Set() }));
      counts.replies++;
      if (message.keyword === 'stop') counts.stoppers.add(message.from);
    }
  }

  private exclusive<T>(work: () => T): Promise<T> {
    const run = this.turn.then(work);
    this.turn = run.catch(() => undefined);
    return run;
  }
}
