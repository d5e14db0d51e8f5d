import { existsSync, fstatSync, mkdirSync, readFileSync, rmSync } from 'node:fs';
import { join } from 'node:path';
import { RECIPIENT_STATES, noSkips, type MailingCounters, type RecipientState, type SkipReason } from '../../../shared/mailings';
import { nodeIo, replaceFileDurably, syncFile, writeAllAt, type DataIo } from '../data-io';
import { CorruptDataError } from '../json-db';
import { forEachLine } from '../line-file';
import { StorageError } from '../storage-error';
import type { RecipientChange } from '../mailing-storage';
import { FrozenRecipients, type FrozenRecipient, type FrozenRecipientsWriter } from './frozen-recipients';

export type { FrozenRecipient } from './frozen-recipients';

/** A new ledger being filled with its frozen audience: nothing is in place until `finish()`. */
export interface LedgerWriter {
  add(recipients: FrozenRecipient[]): void;
  finish(): RecipientLedger;
  abort(): void;
}

/** One change of a recipient, as journalled: the state it is now in, and what came with it. */
export type LedgerChange = RecipientChange;

/** As stored in the snapshot: a change plus what the journal would have told by replay. */
interface SnapshotEntry extends LedgerChange {
  t?: number;
  /** Tries so far. */
  a?: number;
  /** For an unknown recipient: when it was handed to the provider. */
  w?: number;
}

const STATE_CODE = new Map(RECIPIENT_STATES.map((s, i) => [s, i]));
const code = (state: RecipientState) => STATE_CODE.get(state)!;
const SKIPPED = code('skipped');
const SENDING = code('sending');
const UNKNOWN = code('unknown');
const JOURNAL = 'journal.jsonl';
const SNAPSHOT = 'snapshot.json';

/**
 * A mailing's per-recipient ledger in its own folder:
 *  - recipients.jsonl: the frozen audience, written once (temp file + fsync + rename; see FrozenRecipients);
 *  - journal.jsonl: one line per change. `commit` writes every byte and fsyncs before it returns and
 *    before memory changes — a recipient's "sending" line is on disk, power cut or not, before the
 *    provider is called. `record` (outcomes) writes without an fsync of its own: the next commit's
 *    fsync carries it, and a lost outcome can only turn a sent recipient into an unknown one;
 *  - snapshot.json: the journal folded up (written durably, then the journal is emptied).
 * Replaying snapshot + journal gives the same state after a crash at any moment. On opening, a last
 * line without its newline (an append cut short) is cut off the file — what it described never
 * started — and a damaged line anywhere else is a CorruptDataError naming the file and line.
 * A write the disk refuses throws a StorageError and leaves no torn bytes behind where the disk lets us.
 */
export class RecipientLedger {
  readonly states: Uint8Array;
  readonly providerIds: (string | undefined)[];
  readonly costs: Float64Array;
  readonly errors = new Map<number, string>();
  readonly attempts: Uint8Array;
  readonly updatedAt: Float64Array;
  /** When each unknown recipient was handed to the provider: the window to ask the provider about. */
  readonly handedOverAt = new Map<number, number>();
  private readonly counts = new Array<number>(RECIPIENT_STATES.length).fill(0);
  private readonly skipCounts: Record<SkipReason, number> = noSkips();
  private readonly journalFile: string;
  private journalFd: number;
  private journalBytes = 0;
  private journalLines = 0;
  /** Outcomes applied in memory whose write failed: they go first in the next write. */
  private unwritten = '';
  /** A failed write may have left bytes past `journalBytes`: the next write cuts them first. */
  private tornTail = false;
  /** Once closed its file handles may belong to another file: nothing may write through them. */
  private closed = false;

  private constructor(
    private readonly dir: string,
    readonly recipients: FrozenRecipients,
    private readonly io: DataIo,
  ) {
    const n = recipients.size;
    this.states = new Uint8Array(n);
    this.providerIds = new Array(n);
    this.costs = new Float64Array(n).fill(Number.NaN);
    this.attempts = new Uint8Array(n);
    this.updatedAt = new Float64Array(n);
    for (let i = 0; i < n; i++) {
      const skip = recipients.skip(i);
      this.states[i] = skip ? SKIPPED : code('queued');
      if (skip) this.skipCounts[skip]++;
    }
    for (const s of this.states) this.counts[s]!++;
    this.journalFile = join(dir, JOURNAL);
    try {
      this.journalFd = io.openSync(this.journalFile, existsSync(this.journalFile) ? 'r+' : 'w+');
    } catch (error) {
      recipients.close();
      throw StorageError.from(error, this.journalFile);
    }
  }

  /** Starts a new ledger in `dir`: add the frozen audience in chunks, then `finish()` opens it. */
  static writer(dir: string, io: DataIo = nodeIo): LedgerWriter {
    const existed = existsSync(dir);
    mkdirSync(dir, { recursive: true });
    let frozen: FrozenRecipientsWriter;
    try {
      frozen = FrozenRecipients.writer(dir, io);
    } catch (error) {
      // A disk that refuses the file leaves no folder behind either.
      if (!existed) rmSync(dir, { recursive: true, force: true });
      throw error;
    }
    return {
      add: (recipients) => frozen.add(recipients),
      finish: () => RecipientLedger.begin(dir, frozen.finish(), io),
      // A launch that did not happen leaves nothing behind.
      abort: () => {
        frozen.abort();
        if (!existed) rmSync(dir, { recursive: true, force: true });
      },
    };
  }

  static create(dir: string, recipients: FrozenRecipient[], io: DataIo = nodeIo): RecipientLedger {
    const writer = RecipientLedger.writer(dir, io);
    writer.add(recipients);
    return writer.finish();
  }

  private static begin(dir: string, recipients: FrozenRecipients, io: DataIo): RecipientLedger {
    rmSync(join(dir, JOURNAL), { force: true });
    rmSync(join(dir, SNAPSHOT), { force: true });
    return new RecipientLedger(dir, recipients, io);
  }

  static exists(dir: string): boolean {
    return FrozenRecipients.exists(dir);
  }

  static open(dir: string, io: DataIo = nodeIo): RecipientLedger {
    const ledger = new RecipientLedger(dir, FrozenRecipients.open(dir, io), io);
    try {
      ledger.replay();
    } catch (error) {
      ledger.close();
      throw error;
    }
    return ledger;
  }

  get size(): number {
    return this.recipients.size;
  }

  state(i: number): RecipientState {
    return RECIPIENT_STATES[this.states[i]!]!;
  }

  /**
   * Durably journals changes that something irreversible depends on (handing recipients to the
   * provider): every byte written and fsync'd, then applied. On a StorageError nothing is applied.
   */
  commit(changes: LedgerChange[], now: number): void {
    if (changes.length === 0) return;
    this.write(this.lines(changes, now), true);
    for (const change of changes) this.apply(change, now);
  }

  /**
   * Applies outcomes and appends them to the journal. When the disk refuses, they stay applied and
   * wait to go first in the next write, and the StorageError is thrown so that sending stops.
   */
  record(changes: LedgerChange[], now: number): void {
    if (changes.length === 0) return;
    for (const change of changes) this.apply(change, now);
    const text = this.lines(changes, now);
    try {
      this.write(text, false);
    } catch (error) {
      this.unwritten += text;
      throw error;
    }
  }

  /** Whether outcomes are waiting for the disk (a failed write). */
  get hasUnwritten(): boolean {
    return this.unwritten.length > 0;
  }

  counters(held = 0): MailingCounters {
    const count = (s: RecipientState) => this.counts[code(s)]!;
    return {
      total: this.size,
      queued: count('queued'),
      sending: count('sending'),
      sent: count('sent'),
      delivered: count('delivered'),
      failed: count('failed'),
      unknown: count('unknown'),
      skipped: { ...this.skipCounts },
      held,
    };
  }

  /** Indices in a state, in order (a scan: for recovery, retries and listings, not the send loop). */
  indicesIn(states: RecipientState[]): number[] {
    const wanted = new Set(states.map(code));
    const found: number[] = [];
    this.states.forEach((s, i) => wanted.has(s) && found.push(i));
    return found;
  }

  /** New texts for recipients not yet sent (the text was edited while paused); rewrites recipients.jsonl. */
  replaceTexts(texts: Map<number, { text: string; parts: number }>): void {
    this.recipients.replaceTexts(texts);
  }

  /** Folds the journal into the snapshot once it is long. Housekeeping: a disk too full for it is no error. */
  compactIfLong(maxLines = 200_000): void {
    if (this.journalLines < maxLines) return;
    try {
      this.compact();
    } catch (error) {
      if (!(error instanceof StorageError)) throw error;
    }
  }

  compact(): void {
    const entries: SnapshotEntry[] = [];
    this.states.forEach((s, i) => {
      // Skipped at freeze time comes back from recipients.jsonl; skipped at dispatch must be kept.
      if ((s === SKIPPED && this.recipients.skip(i) !== null) || (s === code('queued') && this.attempts[i] === 0)) return;
      const entry: SnapshotEntry = { i, s: RECIPIENT_STATES[s]! };
      const id = this.providerIds[i];
      if (id) entry.p = id;
      if (!Number.isNaN(this.costs[i]!)) entry.c = this.costs[i]!;
      const error = this.errors.get(i);
      if (error) entry.e = error;
      if (this.updatedAt[i]) entry.t = this.updatedAt[i]!;
      if (this.attempts[i]) entry.a = this.attempts[i]!;
      const handedOver = this.handedOverAt.get(i);
      if (handedOver !== undefined) entry.w = handedOver;
      entries.push(entry);
    });
    replaceFileDurably(this.io, join(this.dir, SNAPSHOT), JSON.stringify(entries));
    try {
      this.io.ftruncateSync(this.journalFd, 0);
    } catch (error) {
      throw StorageError.from(error, this.journalFile);
    }
    this.journalBytes = 0;
    this.journalLines = 0;
    this.unwritten = '';
    this.tornTail = false;
  }

  close(): void {
    if (this.closed) return;
    if (this.unwritten) {
      try {
        this.write('', true);
      } catch {
        // Still refused: those outcomes were never on disk; after a restart their recipients are unknown.
      }
    }
    this.closed = true;
    this.io.closeSync(this.journalFd);
    this.recipients.close();
  }

  private lines(changes: LedgerChange[], now: number): string {
    let text = '';
    for (const change of changes) text += `${JSON.stringify({ ...change, t: now })}\n`;
    return text;
  }

  private write(text: string, sync: boolean): void {
    if (this.closed) throw new Error(`the ledger in ${this.dir} was closed; nothing was written`);
    const data = Buffer.from(this.unwritten + text, 'utf8');
    try {
      if (this.tornTail) this.io.ftruncateSync(this.journalFd, this.journalBytes);
      this.tornTail = false;
      writeAllAt(this.io, this.journalFd, data, this.journalBytes, this.journalFile);
      if (sync) syncFile(this.io, this.journalFd, this.journalFile);
    } catch (error) {
      this.tornTail = true;
      throw StorageError.from(error, this.journalFile);
    }
    this.journalBytes += data.length;
    this.journalLines += countLines(data);
    this.unwritten = '';
  }

  /** Snapshot, then journal; a torn last line is cut off the file before anything is appended. */
  private replay(): void {
    const snapshotFile = join(this.dir, SNAPSHOT);
    if (existsSync(snapshotFile)) {
      const entries = readJson<SnapshotEntry[]>(snapshotFile);
      try {
        if (!Array.isArray(entries)) throw new Error('not a list of entries');
        for (const entry of entries) this.apply(entry, 0);
      } catch (error) {
        throw new CorruptDataError(`${snapshotFile} is not a ledger snapshot (${(error as Error).message})`);
      }
    }
    let end = 0;
    forEachLine(this.journalFd, (line, _start, lineEnd, lineNumber) => {
      end = lineEnd + 1;
      if (!line) return;
      try {
        this.apply(JSON.parse(line) as SnapshotEntry, 0);
      } catch (error) {
        throw new CorruptDataError(`${this.journalFile} line ${lineNumber} is not a ledger entry (${(error as Error).message})`);
      }
      this.journalLines++;
    });
    if (fstatSync(this.journalFd).size > end) {
      try {
        this.io.ftruncateSync(this.journalFd, end);
      } catch (error) {
        throw StorageError.from(error, this.journalFile);
      }
    }
    this.journalBytes = end;
  }

  private apply(change: SnapshotEntry, now: number): void {
    const { i } = change;
    const next = STATE_CODE.get(change.s);
    if (next === undefined || !Number.isInteger(i) || i < 0 || i >= this.size) throw new Error(`bad entry ${JSON.stringify(change)}`);
    const previous = this.states[i]!;
    this.counts[previous]!--;
    this.counts[next]!++;
    // A do-not-use-SMS flag set after the mailing started skips the recipient at dispatch.
    if (next === SKIPPED && change.e && change.e in this.skipCounts) this.skipCounts[change.e as SkipReason]++;
    if (next === UNKNOWN) {
      const handedOver = change.w ?? (previous === SENDING ? this.updatedAt[i] : undefined);
      if (handedOver) this.handedOverAt.set(i, handedOver);
    } else {
      this.handedOverAt.delete(i);
    }
    this.states[i] = next;
    if (next === SENDING) this.attempts[i] = Math.min(255, this.attempts[i]! + 1);
    if (change.a !== undefined) this.attempts[i] = change.a;
    if (change.p !== undefined) this.providerIds[i] = change.p;
    if (change.c !== undefined) this.costs[i] = change.c;
    if (change.e !== undefined) this.errors.set(i, change.e);
    this.updatedAt[i] = change.t ?? now;
  }
}

function countLines(data: Buffer): number {
  let lines = 0;
  for (let at = data.indexOf(0x0a); at !== -1; at = data.indexOf(0x0a, at + 1)) lines++;
  return lines;
}

function readJson<T>(file: string): T {
  try {
    return JSON.parse(readFileSync(file, 'utf8')) as T;
  } catch (error) {
    throw new CorruptDataError(`${file} cannot be read (${(error as Error).message})`);
  }
}
