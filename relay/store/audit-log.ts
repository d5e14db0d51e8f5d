import { existsSync, fstatSync, readSync } from 'node:fs';
import type { AuditEntry, AuditValue } from '../../shared/audit';
import { nodeIo, syncFile, writeAllAt, type DataIo } from './data-io';
import { CorruptDataError } from './json-db';
import { forEachLine } from './line-file';
import { StorageError } from './storage-error';

/** What is known of a request before it is served. */
export type AuditBeginning = Omit<AuditEntry, 'n' | 'status' | 'details'>;
/** What is known once it is answered. */
export interface AuditOutcome {
  status: number;
  target: Record<string, string>;
  details: Record<string, AuditValue>;
}

/** A whole entry, for a change the relay made on its own: both lines at once. */
export type AuditRecord = AuditBeginning & AuditOutcome;

interface Line {
  n: number;
  kind: 'begin' | 'end';
  /** The line's fields but its number, which is given when it is written. */
  fields: object;
}

const NONE = -1;

/**
 * The audit log (`audit.jsonl`): appended to, never rewritten. Each entry is two JSON lines: its
 * beginning (who, what, from which site) and its outcome (the status, what was noted). A request's
 * beginning is fsync'd before it is served — a disk that refuses it refuses the request — and its
 * outcome when the answer is ready; a change the relay made on its own is written whole, after it.
 * Outcomes and whole entries the disk refuses are kept and go first in the next write, and the next
 * beginning cannot be written without them. Lines another process (the CLI) appended are taken in
 * before each write and read; two processes writing in the very same instant are not kept apart (the
 * CLI writes one entry a token command, rarely). Memory keeps only where each line starts, so a page
 * of entries is read back from the file. On opening, a last line without its newline (a write cut
 * short) is cut off; a damaged line anywhere else is a CorruptDataError.
 */
export class AuditLog {
  private readonly starts: number[] = [];
  private readonly lengths: number[] = [];
  private readonly endStarts: number[] = [];
  private readonly endLengths: number[] = [];
  /** Outcomes and whole entries the disk refused: written before anything else. */
  private unwritten: Line[] = [];
  private fileBytes = 0;
  /** A failed write left bytes past `fileBytes` (unsynced, or torn): the next write cuts them first. */
  private tornTail = false;
  private readonly fd: number;

  private constructor(
    private readonly file: string,
    private readonly io: DataIo,
  ) {
    try {
      this.fd = io.openSync(file, existsSync(file) ? 'r+' : 'w+');
    } catch (error) {
      throw StorageError.from(error, file);
    }
  }

  static open(file: string, io: DataIo = nodeIo): AuditLog {
    const log = new AuditLog(file, io);
    log.load();
    return log;
  }

  /** How many entries the log holds (on disk; not those waiting for it). */
  get size(): number {
    this.catchUp();
    return this.starts.length;
  }

  /** Writes a request's beginning (and anything waiting for the disk); its number. Throws a StorageError when the disk refuses. */
  begin(beginning: AuditBeginning): number {
    this.catchUp();
    const n = this.nextNumber();
    this.write([...this.unwritten, { n, kind: 'begin', fields: beginning }]);
    return n;
  }

  /** Writes a request's outcome; when the disk refuses it, it waits for the next write and the StorageError is thrown. */
  end(n: number, outcome: AuditOutcome): void {
    this.catchUp();
    this.unwritten.push({ n, kind: 'end', fields: { end: true, ...outcome } });
    this.write(this.unwritten);
  }

  /** Writes a whole entry at once; when the disk refuses it, it waits for the next write and the StorageError is thrown. */
  record(entry: AuditRecord): void {
    this.catchUp();
    const { status, details, target, ...beginning } = entry;
    const n = this.nextNumber();
    this.unwritten.push({ n, kind: 'begin', fields: { ...beginning, target } }, { n, kind: 'end', fields: { end: true, status, target: {}, details } });
    this.write(this.unwritten);
  }

  /** `limit` entries from the `offset`-th newest on. */
  newestFirst(offset: number, limit: number): AuditEntry[] {
    this.catchUp();
    const entries: AuditEntry[] = [];
    for (let i = this.size - 1 - offset; i >= 0 && entries.length < limit; i--) entries.push(this.entry(i));
    return entries;
  }

  /** Every entry, newest first. */
  *all(): Generator<AuditEntry> {
    this.catchUp();
    for (let i = this.size - 1; i >= 0; i--) yield this.entry(i);
  }

  close(): void {
    this.io.closeSync(this.fd);
  }

  private entry(i: number): AuditEntry {
    const beginning = JSON.parse(this.read(this.starts[i]!, this.lengths[i]!)) as AuditBeginning;
    const waiting = this.unwritten.find((line) => line.n === i + 1 && line.kind === 'end')?.fields as AuditOutcome | undefined;
    const written = this.endStarts[i]! === NONE ? undefined : (JSON.parse(this.read(this.endStarts[i]!, this.endLengths[i]!)) as AuditOutcome);
    const outcome = waiting ?? written;
    return {
      ...beginning,
      n: i + 1,
      target: { ...beginning.target, ...outcome?.target },
      details: outcome?.details ?? {},
      status: outcome?.status ?? null,
    };
  }

  private read(start: number, length: number): string {
    const buffer = Buffer.alloc(length);
    readSync(this.fd, buffer, 0, length, start);
    return buffer.toString('utf8');
  }

  /** Whether the file holds bytes past what was written for sure (a failed write's, as far as this process can tell). */
  private bytesPastEnd(): boolean {
    try {
      return fstatSync(this.fd).size > this.fileBytes;
    } catch {
      return true;
    }
  }

  /** The number the next entry takes: after those on disk and those waiting for it. */
  private nextNumber(): number {
    return this.starts.length + this.unwritten.filter((line) => line.kind === 'begin').length + 1;
  }

  /** Appends the lines in one write and fsyncs them; on a failure nothing of them counts as written. */
  private write(lines: Line[]): void {
    const texts = lines.map((line) => JSON.stringify({ n: line.n, ...line.fields }));
    const data = Buffer.from(texts.map((text) => `${text}\n`).join(''), 'utf8');
    try {
      if (this.tornTail) this.io.ftruncateSync(this.fd, this.fileBytes);
      this.tornTail = false;
      writeAllAt(this.io, this.fd, data, this.fileBytes, this.file);
      syncFile(this.io, this.fd, this.file);
    } catch (error) {
      this.tornTail = this.bytesPastEnd();
      throw StorageError.from(error, this.file);
    }
    let at = this.fileBytes;
    for (const [i, line] of lines.entries()) {
      const length = Buffer.byteLength(texts[i]!);
      this.place(line.n, line.kind, at, length);
      at += length + 1;
    }
    this.fileBytes = at;
    this.unwritten = [];
  }

  private place(n: number, kind: Line['kind'], start: number, length: number): void {
    if (kind === 'begin') {
      this.starts.push(start);
      this.lengths.push(length);
      this.endStarts.push(NONE);
      this.endLengths.push(0);
    } else {
      this.endStarts[n - 1] = start;
      this.endLengths[n - 1] = length;
    }
  }

  private load(): void {
    const completeEnd = this.takeInLines(0);
    if (completeEnd < fstatSync(this.fd).size) {
      try {
        this.io.ftruncateSync(this.fd, completeEnd);
      } catch (error) {
        throw StorageError.from(error, this.file);
      }
    }
    this.fileBytes = completeEnd;
  }

  /**
   * Takes in the lines another process (the CLI) appended since the last write; what waits for the disk
   * is numbered after them. A line it has not finished writing is left for the next look.
   */
  private catchUp(): void {
    if (this.tornTail || fstatSync(this.fd).size <= this.fileBytes) return;
    const before = this.starts.length;
    this.fileBytes = this.takeInLines(this.fileBytes);
    const added = this.starts.length - before;
    for (const line of this.unwritten) if (line.n > before) line.n += added;
  }

  /** Places every complete line from `from` on; where the last complete one ends. */
  private takeInLines(from: number): number {
    let completeEnd = from;
    forEachLine(
      this.fd,
      (text, start, end, lineNumber) => {
        let line: { n?: unknown; end?: unknown };
        try {
          line = JSON.parse(text) as typeof line;
        } catch (error) {
          throw this.corrupt(lineNumber, `it is not JSON (${(error as Error).message})`);
        }
        const kind = line.end === true ? 'end' : 'begin';
        // A beginning takes the next number; an outcome belongs to an entry begun before it.
        const inOrder = typeof line.n === 'number' && (kind === 'begin' ? line.n === this.starts.length + 1 : line.n >= 1 && line.n <= this.starts.length);
        if (!inOrder) {
          throw this.corrupt(lineNumber, `its number ${String(line.n)} is out of order`);
        }
        this.place(line.n as number, kind, start, end - start);
        completeEnd = end + 1;
      },
      from,
    );
    return completeEnd;
  }

  private corrupt(lineNumber: number, why: string): CorruptDataError {
    return new CorruptDataError(`${this.file} line ${lineNumber} is not an audit record: ${why}; restore the file from a backup or move it aside`);
  }
}
