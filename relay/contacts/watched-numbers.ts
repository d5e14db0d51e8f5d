/**
 * Numbers the relay asks "whose is it?" again and again — those replies came from — each with the slots
 * of the contacts that have it now. The contact index keeps them on every write, so the answer never
 * needs a search: a contact written with a watched number holds it at once, one that lost it no longer.
 */
export class WatchedNumbers {
  private readonly holders = new Map<string, Set<number>>();
  private readonly numbersOf = new Map<number, string[]>();

  /** Watches a number from now on, with the slots that hold it now; a number watched already is left as it is. */
  watch(digits: string, slots: Iterable<number>): void {
    if (this.holders.has(digits)) return;
    const holders = new Set(slots);
    this.holders.set(digits, holders);
    for (const slot of holders) {
      const numbers = this.numbersOf.get(slot);
      if (numbers) numbers.push(digits);
      else this.numbersOf.set(slot, [digits]);
    }
  }

  /** The contact at `slot` has these numbers now (E.164 digits). */
  set(slot: number, numbers: readonly string[]): void {
    if (this.holders.size === 0) return;
    for (const digits of this.numbersOf.get(slot) ?? []) this.holders.get(digits)!.delete(slot);
    const watched = numbers.filter((digits) => this.holders.has(digits));
    for (const digits of watched) this.holders.get(digits)!.add(slot);
    if (watched.length > 0) this.numbersOf.set(slot, watched);
    else this.numbersOf.delete(slot);
  }

  /** The slots of the contacts with the number; undefined while it is not watched. */
  holdersOf(digits: string): number[] | undefined {
    const slots = this.holders.get(digits);
    return slots && [...slots];
  }

  isWatched(digits: string): boolean {
    return this.holders.has(digits);
  }
}
