import { statSync } from 'node:fs';
import type { JsonDb } from './json-db';

/**
 * A lowdb file another process also writes (the CLI beside the running relay): it is read again when
 * it changed on disk since this process last read or wrote it (by modification time, size and inode).
 */
export class SharedFile<T extends object> {
  private seenVersion: string;

  constructor(
    private readonly db: JsonDb<T>,
    private readonly file: string,
  ) {
    this.seenVersion = this.version();
  }

  /** Reads the file again if someone else changed it. */
  async reloadIfChanged(): Promise<void> {
    const version = this.version();
    if (version === this.seenVersion) return;
    await this.db.reload();
    this.seenVersion = version;
  }

  /** After this process wrote (or failed to write): what is on disk now is what it holds. */
  wroteNow(): void {
    this.seenVersion = this.version();
  }

  private version(): string {
    try {
      const stat = statSync(this.file);
      return `${stat.mtimeMs}:${stat.size}:${stat.ino}`;
    } catch {
      return 'missing';
    }
  }
}
