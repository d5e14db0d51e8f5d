import type { RecipientLedger } from './ledger';

export interface RecipientPlace {
  mailingId: string;
  index: number;
}

/**
 * Where each mailing recipient is, by provider message id (for delivery reports) and by contact (for
 * the contact's sent-SMS list). A place is packed in one number — mailing slot × 2^24 + index (a
 * mailing holds at most 16M recipients) — so two 100k-entry maps stay small.
 */
export class RecipientIndex {
  private readonly mailingSlots: string[] = [];
  private readonly byProviderId = new Map<string, number>();
  private readonly byContact = new Map<string, number | number[]>();

  /** Every recipient of a ledger just opened or created. */
  addLedger(mailingId: string, ledger: RecipientLedger): void {
    for (let index = 0; index < ledger.size; index++) {
      const where = this.pack(mailingId, index);
      const contactId = ledger.recipients.contactId(index);
      const known = this.byContact.get(contactId);
      this.byContact.set(contactId, known === undefined ? where : [...(typeof known === 'number' ? [known] : known), where]);
      const id = ledger.providerIds[index];
      if (id) this.byProviderId.set(id, where);
    }
  }

  /** Forgets a mailing's recipients (it was archived). */
  removeMailing(mailingId: string): void {
    const slot = this.mailingSlots.indexOf(mailingId);
    if (slot < 0) return;
    const ofSlot = (where: number) => Math.floor(where / 2 ** 24) === slot;
    for (const [id, where] of this.byProviderId) if (ofSlot(where)) this.byProviderId.delete(id);
    for (const [contactId, known] of this.byContact) {
      if (typeof known === 'number') {
        if (ofSlot(known)) this.byContact.delete(contactId);
        continue;
      }
      const kept = known.filter((where) => !ofSlot(where));
      if (kept.length === 0) this.byContact.delete(contactId);
      else this.byContact.set(contactId, kept.length === 1 ? kept[0]! : kept);
    }
  }

  /** The provider took a recipient's message under this id. */
  addProviderId(providerMessageId: string, mailingId: string, index: number): void {
    this.byProviderId.set(providerMessageId, this.pack(mailingId, index));
  }

  byProviderMessageId(providerMessageId: string): RecipientPlace | undefined {
    const where = this.byProviderId.get(providerMessageId);
    return where === undefined ? undefined : this.unpack(where);
  }

  *providerIds(): Generator<[string, RecipientPlace]> {
    for (const [id, where] of this.byProviderId) yield [id, this.unpack(where)];
  }

  ofContact(crmId: string): RecipientPlace[] {
    const known = this.byContact.get(crmId);
    const places = known === undefined ? [] : typeof known === 'number' ? [known] : known;
    return places.map((where) => this.unpack(where));
  }

  private pack(mailingId: string, index: number): number {
    let slot = this.mailingSlots.indexOf(mailingId);
    if (slot < 0) slot = this.mailingSlots.push(mailingId) - 1;
    return slot * 2 ** 24 + index;
  }

  private unpack(where: number): RecipientPlace {
    return { mailingId: this.mailingSlots[Math.floor(where / 2 ** 24)]!, index: where % 2 ** 24 };
  }
}
