import { closeSync, existsSync, openSync, readFileSync, readSync, rmSync } from 'node:fs';
import { join } from 'node:path';
import { nodeIo, syncDirectory, syncFile, writeAllAt, type DataIo } from '../data-io';
import { StorageError } from '../storage-error';
import { SKIP_REASONS, type SkipReason } from '../../../shared/mailings';
import { CorruptDataError } from '../json-db';
import { forEachLine } from '../line-file';
import type { FrozenRecipient } from '../mailing-storage';

export type { FrozenRecipient } from '../mailing-storage';

const FILE = 'recipients.jsonl';
const LEGACY_FILE = 'recipients.json';

/** Growable columns: what the send loop and the statistics look at for every recipient. */
class Columns {
  offsets = new Float64Array(1025);
  parts = new Uint8Array(1024);
  skips = new Uint8Array(1024);
  zones = new Uint16Array(1024);
  contactIds: string[] = [];
  readonly zoneNames: string[] = [];
  private readonly zoneCodes = new Map<string, number>();
  size = 0;

  add(recipient: FrozenRecipient, end: number): void {
    const i = this.size++;
    if (this.size >= this.parts.length) this.grow();
    this.contactIds.push(recipient.contactId);
    this.parts[i] = Math.min(255, recipient.parts);
    this.skips[i] = recipient.skip ? SKIP_REASONS.indexOf(recipient.skip) + 1 : 0;
    this.zones[i] = recipient.timeZone ? this.zoneCode(recipient.timeZone) : 0;
    this.offsets[i + 1] = end;
  }

  private zoneCode(zone: string): number {
    let code = this.zoneCodes.get(zone);
    if (code === undefined) this.zoneCodes.set(zone, (code = this.zoneNames.push(zone)));
    return code;
  }

  private grow(): void {
    const n = this.parts.length * 2;
    const offsets = new Float64Array(n + 1);
    offsets.set(this.offsets);
    this.offsets = offsets;
    for (const name of ['parts', 'skips'] as const) {
      const next = new Uint8Array(n);
      next.set(this[name]);
      this[name] = next;
    }
    const zones = new Uint16Array(n);
    zones.set(this.zones);
    this.zones = zones;
  }
}

/**
 * A mailing's frozen audience in `recipients.jsonl`, one recipient per line, written once at launch
 * (to a temporary file, fsync'd, renamed into place). Memory holds a few bytes per recipient — where its line
 * is, its contact, parts, skip reason and time zone; names, numbers and texts are read from the file
 * when a batch is sent or a page of recipients is listed.
 */
export class FrozenRecipients {
  private fd: number;

  private constructor(
    private readonly dir: string,
    private columns: Columns,
    private readonly io: DataIo,
  ) {
    this.fd = openSync(join(dir, FILE), 'r');
  }

  static exists(dir: string): boolean {
    return existsSync(join(dir, FILE)) || existsSync(join(dir, LEGACY_FILE));
  }

  /** Starts writing a new frozen audience in `dir`; nothing is in place until `finish()`. */
  static writer(dir: string, io: DataIo = nodeIo): FrozenRecipientsWriter {
    return new FrozenRecipientsWriter(dir, io, (columns) => new FrozenRecipients(dir, columns, io));
  }

  static open(dir: string, io: DataIo = nodeIo): FrozenRecipients {
    const file = join(dir, FILE);
    if (!existsSync(file) && existsSync(join(dir, LEGACY_FILE))) return FrozenRecipients.convertLegacy(dir, io);
    const columns = new Columns();
    const fd = openSync(file, 'r');
    try {
      forEachLine(fd, (line, _start, end, lineNumber) => {
        try {
          columns.add(JSON.parse(line) as FrozenRecipient, end + 1);
        } catch (error) {
          throw new CorruptDataError(`${file} line ${lineNumber} is not a recipient (${(error as Error).message})`);
        }
      });
    } finally {
      closeSync(fd);
    }
    return new FrozenRecipients(dir, columns, io);
  }

  /** A ledger written by an older relay (one JSON array) is rewritten as lines once. */
  private static convertLegacy(dir: string, io: DataIo): FrozenRecipients {
    const legacy = join(dir, LEGACY_FILE);
    let recipients: FrozenRecipient[];
    try {
      recipients = JSON.parse(readFileSync(legacy, 'utf8')) as FrozenRecipient[];
    } catch (error) {
      throw new CorruptDataError(`${legacy} cannot be read (${(error as Error).message})`);
    }
    const writer = FrozenRecipients.writer(dir, io);
    writer.add(recipients);
    const frozen = writer.finish();
    rmSync(legacy);
    return frozen;
  }

  get size(): number {
    return this.columns.size;
  }

  contactId(i: number): string {
    return this.columns.contactIds[i]!;
  }

  parts(i: number): number {
    return this.columns.parts[i]!;
  }

  skip(i: number): SkipReason | null {
    const code = this.columns.skips[i]!;
    return code === 0 ? null : SKIP_REASONS[code - 1]!;
  }

  timeZone(i: number): string | undefined {
    const code = this.columns.zones[i]!;
    return code === 0 ? undefined : this.columns.zoneNames[code - 1];
  }

  get(i: number): FrozenRecipient {
    return this.getMany([i])[0]!;
  }

  /** The recipients at these indices, read from the file (neighbouring ones in one read). */
  getMany(indices: number[]): FrozenRecipient[] {
    const { offsets } = this.columns;
    const result = new Array<FrozenRecipient>(indices.length);
    for (let k = 0; k < indices.length;) {
      let end = k + 1;
      while (end < indices.length && indices[end] === indices[end - 1]! + 1) end++;
      const start = offsets[indices[k]!]!;
      const buffer = Buffer.alloc(offsets[indices[end - 1]! + 1]! - start);
      readSync(this.fd, buffer, 0, buffer.length, start);
      for (let j = k; j < end; j++) {
        const i = indices[j]!;
        result[j] = JSON.parse(buffer.toString('utf8', offsets[i]! - start, offsets[i + 1]! - start - 1)) as FrozenRecipient;
      }
      k = end;
    }
    return result;
  }

  /** Every recipient in order, read from the file a chunk at a time. */
  *all(): Generator<FrozenRecipient> {
    for (let i = 0; i < this.size; i += 1000) {
      const indices = Array.from({ length: Math.min(1000, this.size - i) }, (_, k) => i + k);
      yield* this.getMany(indices);
    }
  }

  /**
   * New texts for some recipients (the text was edited while paused): the file is rewritten and
   * swapped in. A rewrite the disk refuses leaves the old file, and this object, as they were.
   */
  replaceTexts(texts: Map<number, { text: string; parts: number }>): void {
    const writer = new FrozenRecipientsWriter(this.dir, this.io, (columns) => columns);
    let columns: Columns;
    try {
      for (let i = 0; i < this.size; i += 1000) {
        const chunk = this.getMany(Array.from({ length: Math.min(1000, this.size - i) }, (_, k) => i + k));
        chunk.forEach((recipient, k) => {
          const replacement = texts.get(i + k);
          if (replacement) Object.assign(recipient, replacement);
        });
        writer.add(chunk);
      }
      columns = writer.finish();
    } catch (error) {
      writer.abort();
      throw error;
    }
    // The old handle still reads the old file; from here on the new one is read.
    closeSync(this.fd);
    this.columns = columns;
    this.fd = openSync(join(this.dir, FILE), 'r');
  }

  close(): void {
    if (this.fd < 0) return;
    closeSync(this.fd);
    this.fd = -1;
  }
}

export class FrozenRecipientsWriter<T = FrozenRecipients> {
  private readonly columns = new Columns();
  private readonly fd: number;
  private written = 0;
  private readonly temp: string;

  constructor(
    private readonly dir: string,
    private readonly io: DataIo,
    private readonly done: (columns: Columns) => T,
  ) {
    this.temp = join(dir, `${FILE}.tmp`);
    try {
      this.fd = io.openSync(this.temp, 'w');
    } catch (error) {
      throw StorageError.from(error, this.temp);
    }
  }

  add(recipients: FrozenRecipient[]): void {
    if (recipients.length === 0) return;
    const lines = recipients.map((r) => `${JSON.stringify(r)}\n`);
    const data = Buffer.from(lines.join(''), 'utf8');
    writeAllAt(this.io, this.fd, data, this.written, this.temp);
    recipients.forEach((recipient, k) => {
      this.written += Buffer.byteLength(lines[k]!);
      this.columns.add(recipient, this.written);
    });
  }

  get size(): number {
    return this.columns.size;
  }

  /** Puts the file in place (atomically) and opens it. */
  finish(): T {
    syncFile(this.io, this.fd, this.temp);
    this.io.closeSync(this.fd);
    try {
      this.io.renameSync(this.temp, join(this.dir, FILE));
    } catch (error) {
      throw StorageError.from(error, this.temp);
    }
    syncDirectory(this.io, this.dir);
    return this.done(this.columns);
  }

  /** Throws away what was written. */
  abort(): void {
    try {
      this.io.closeSync(this.fd);
    } catch {
      // already closed by a failed finish
    }
    rmSync(this.temp, { force: true });
  }
}
