/** Failures among the latest `window` outcomes; judges only once it has seen that many. */
export class ErrorRate {
  private readonly outcomes: boolean[] = [];
  private failures = 0;

  constructor(private readonly window: number) {}

  add(failed: boolean): void {
    this.outcomes.push(failed);
    if (failed) this.failures++;
    if (this.outcomes.length > this.window && this.outcomes.shift()) this.failures--;
  }

  exceeds(threshold: number): boolean {
    return this.outcomes.length >= this.window && this.failures / this.outcomes.length > threshold;
  }

  get share(): number {
    return this.outcomes.length === 0 ? 0 : this.failures / this.outcomes.length;
  }
}
