import type { HealthView } from '../../shared/adapter-overrides';
import type { DataIo } from './data-io';
import { JsonDb } from './json-db';

export interface HealthRecord extends HealthView {
  /** When the last report arrived: the pair reported least recently goes first when the file is full. */
  lastReportAt: string;
}

interface HealthFile {
  sites: HealthRecord[];
}

interface Pending {
  change: (sites: HealthRecord[]) => void;
  done: () => void;
  failed: (error: unknown) => void;
}

/**
 * The health file may take at most 1 / (1 + WRITE_PACE) of the relay's time: after a write that took
 * t ms, the next starts no sooner than WRITE_PACE × t later (writes block the event loop while they run).
 */
const WRITE_PACE = 4;

/**
 * Selector-health counts in their own file, written by the relay only (the CLI reads it). Every change
 * is on disk before it is answered, but changes that arrive while a write runs or is paced are written
 * together in the next one: a burst of reports from many browsers costs a few rewrites, not one each.
 */
export class AdapterHealthStore {
  private pending: Pending[] = [];
  private writing = false;
  private timer: NodeJS.Timeout | null = null;
  private nextWriteAt = 0;

  private constructor(private readonly db: JsonDb<HealthFile>) {}

  static async open(file: string, io?: DataIo): Promise<AdapterHealthStore> {
    return new AdapterHealthStore(await JsonDb.open<HealthFile>(file, { sites: [] }, io));
  }

  all(): readonly HealthRecord[] {
    return this.db.data.sites;
  }

  /**
   * `change` edits the records in place; like JsonDb.update it runs on a copy first and on the live
   * records once the copy is on disk, so it must do the same thing both times.
   */
  change(change: (sites: HealthRecord[]) => void): Promise<void> {
    return new Promise<void>((done, failed) => {
      this.pending.push({ change, done, failed });
      this.schedule();
    });
  }

  private schedule(): void {
    if (this.writing || this.timer || this.pending.length === 0) return;
    // Even without a wait, the timer lets requests already on their way add their changes first.
    this.timer = setTimeout(() => void this.writePending(), Math.max(0, this.nextWriteAt - performance.now()));
  }

  private async writePending(): Promise<void> {
    this.timer = null;
    this.writing = true;
    const batch = this.pending.splice(0);
    const started = performance.now();
    try {
      await this.db.update((data) => {
        for (const { change } of batch) change(data.sites);
      });
      for (const { done } of batch) done();
    } catch (error) {
      for (const { failed } of batch) failed(error);
    }
    const ended = performance.now();
    this.nextWriteAt = ended + WRITE_PACE * (ended - started);
    this.writing = false;
    this.schedule();
  }
}
