import { existsSync, mkdirSync, readFileSync } from 'node:fs';
import { dirname } from 'node:path';
import { Low, type Adapter } from 'lowdb';
import { nodeIo, replaceFileDurably, type DataIo } from './data-io';

export class CorruptDataError extends Error {
  override name = 'CorruptDataError';
}

/** lowdb's file adapter, made durable: every write is fsync'd before it is renamed into place. */
class DurableJsonFile<T> implements Adapter<T> {
  constructor(
    private readonly file: string,
    private readonly io: DataIo,
  ) {}

  async read(): Promise<T | null> {
    if (!existsSync(this.file)) return null;
    return JSON.parse(readFileSync(this.file, 'utf8')) as T;
  }

  async write(data: T): Promise<void> {
    // Compact JSON: indentation doubles every rewrite.
    replaceFileDurably(this.io, this.file, JSON.stringify(data));
  }
}

/**
 * One small collection in a lowdb JSON file. A change is written first and applied to memory only
 * once it is on disk: a write that fails (disk full, read-only) throws and leaves both the file and
 * what readers see exactly as they were. Changes are written one at a time, in order.
 */
export class JsonDb<T extends object> {
  private queue: Promise<unknown> = Promise.resolve();
  /** How many writes (and reloads) changed the data since it was opened. */
  changes = 0;

  private constructor(
    private readonly low: Low<T>,
    private readonly file: string,
  ) {}

  static async open<T extends object>(file: string, defaults: T, io: DataIo = nodeIo): Promise<JsonDb<T>> {
    mkdirSync(dirname(file), { recursive: true });
    const db = new JsonDb(new Low<T>(new DurableJsonFile<T>(file, io), defaults), file);
    await db.reload();
    return db;
  }

  get data(): T {
    return this.low.data;
  }

  /**
   * `change` is applied to a copy, the copy is written, and only then is `change` applied to the live
   * data. So `change` must reach records through its argument (not through references held outside)
   * and do the same thing both times.
   */
  update(change: (data: T) => void): Promise<void> {
    const step = this.queue
      .catch(() => undefined)
      .then(async () => {
        const draft = structuredClone(this.low.data);
        change(draft);
        await this.low.adapter.write(draft);
        change(this.low.data);
        this.changes++;
      });
    this.queue = step;
    return step;
  }

  /** Reads the file again (another process wrote it). A file that is not valid JSON is refused, never overwritten. */
  async reload(): Promise<void> {
    try {
      await this.low.read();
      this.changes++;
    } catch (error) {
      throw new CorruptDataError(
        `${this.file} is not valid JSON (${(error as Error).message}); the relay did not write it this way — restore it from a backup or move it aside`,
      );
    }
  }
}
