import { closeSync, existsSync, ftruncateSync, mkdirSync, openSync, readFileSync, renameSync, rmSync, writeFileSync, writeSync } from 'node:fs';
import { join } from 'node:path';
import { RECIPIENT_STATES, type MailingCounters, type RecipientState, type SkipReason } from '../../shared/mailings';
import { CorruptDataError } from '../store/json-db';
import { FrozenRecipients, type FrozenRecipient } from './frozen-recipients';

export type { FrozenRecipient } from './frozen-recipients';

/** A new ledger being filled with its frozen audience: nothing is in place until `finish()`. */
export interface LedgerWriter {
  add(recipients: FrozenRecipient[]): void;
  finish(): RecipientLedger;
  abort(): void;
}

/** One change of a recipient, as journalled: the state it is now in, and what came with it. */
export interface LedgerChange {
  i: number;
  s: RecipientState;
  /** Provider message id. */
  p?: string;
  /** Cost reported by the provider. */
  c?: number;
  /** Error, in words. */
  e?: string;
}

const STATE_CODE = new Map(RECIPIENT_STATES.map((s, i) => [s, i]));
const code = (state: RecipientState) => STATE_CODE.get(state)!;
const SKIPPED = code('skipped');

/**
 * A mailing's per-recipient ledger in its own folder:
 *  - recipients.jsonl: the frozen audience, written once (temp file + rename; see FrozenRecipients);
 *  - journal.jsonl: one line per change, appended with a synchronous write before anything that
 *    depends on it happens (a "sending" line is on disk before the provider is called);
 *  - snapshot.json: the journal folded up (written atomically, then the journal is emptied).
 * Replaying snapshot + journal gives the same state after a crash at any moment; a torn last line
 * (a kill mid-append) is ignored — what it described never started.
 */
export class RecipientLedger {
  readonly states: Uint8Array;
  readonly providerIds: (string | undefined)[];
  readonly costs: Float64Array;
  readonly errors = new Map<number, string>();
  readonly attempts: Uint8Array;
  readonly updatedAt: Float64Array;
  private readonly counts = new Array<number>(RECIPIENT_STATES.length).fill(0);
  private readonly skipCounts: Record<SkipReason, number> = { do_not_use_sms: 0, no_phone: 0, invalid_phone: 0, duplicate_phone: 0 };
  private journalFd: number;
  private journalLines = 0;

  private constructor(private readonly dir: string, readonly recipients: FrozenRecipients) {
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
    this.journalFd = openSync(join(dir, 'journal.jsonl'), 'a');
  }

  /** Starts a new ledger in `dir`: add the frozen audience in chunks, then `finish()` opens it. */
  static writer(dir: string): LedgerWriter {
    mkdirSync(dir, { recursive: true });
    const frozen = FrozenRecipients.writer(dir);
    return {
      add: (recipients) => frozen.add(recipients),
      finish: () => RecipientLedger.begin(dir, frozen.finish()),
      abort: () => frozen.abort(),
    };
  }

  static create(dir: string, recipients: FrozenRecipient[]): RecipientLedger {
    const writer = RecipientLedger.writer(dir);
    writer.add(recipients);
    return writer.finish();
  }

  private static begin(dir: string, recipients: FrozenRecipients): RecipientLedger {
    writeFileSync(join(dir, 'journal.jsonl'), '');
    rmSync(join(dir, 'snapshot.json'), { force: true });
    return new RecipientLedger(dir, recipients);
  }

  static exists(dir: string): boolean {
    return FrozenRecipients.exists(dir);
  }

  static open(dir: string): RecipientLedger {
    const ledger = new RecipientLedger(dir, FrozenRecipients.open(dir));
    const snapshotFile = join(dir, 'snapshot.json');
    if (existsSync(snapshotFile)) ledger.applyAll(readJson<LedgerChange[]>(snapshotFile), 0);
    const journalFile = join(dir, 'journal.jsonl');
    const lines = existsSync(journalFile) ? readFileSync(journalFile, 'utf8').split('\n') : [];
    lines.forEach((line, index) => {
      if (!line) return;
      try {
        ledger.apply(JSON.parse(line) as LedgerChange, 0);
        ledger.journalLines++;
      } catch (error) {
        if (index >= lines.length - 2) return; // the torn tail of an append cut short by a crash
        throw new CorruptDataError(`${journalFile} line ${index + 1} is not a ledger entry (${(error as Error).message})`);
      }
    });
    return ledger;
  }

  get size(): number {
    return this.recipients.size;
  }

  state(i: number): RecipientState {
    return RECIPIENT_STATES[this.states[i]!]!;
  }

  /** Applies changes and appends them to the journal before returning. */
  record(changes: LedgerChange[], now: number): void {
    if (changes.length === 0) return;
    let text = '';
    for (const change of changes) text += `${JSON.stringify({ ...change, t: now })}\n`;
    writeSync(this.journalFd, text);
    this.journalLines += changes.length;
    for (const change of changes) this.apply(change, now);
  }

  counters(held = 0): MailingCounters {
    const count = (s: RecipientState) => this.counts[code(s)]!;
    return {
      total: this.size,
      queued: count('queued'), sending: count('sending'), sent: count('sent'), delivered: count('delivered'),
      failed: count('failed'), unknown: count('unknown'), skipped: { ...this.skipCounts }, held,
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

  /** Folds the journal into the snapshot once it is long; safe to call at any time. */
  compactIfLong(maxLines = 200_000): void {
    if (this.journalLines >= maxLines) this.compact();
  }

  compact(): void {
    const entries: LedgerChange[] = [];
    this.states.forEach((s, i) => {
      if (s === SKIPPED || (s === code('queued') && this.attempts[i] === 0)) return;
      const entry: LedgerChange & { t?: number; a?: number } = { i, s: RECIPIENT_STATES[s]! };
      const id = this.providerIds[i];
      if (id) entry.p = id;
      if (!Number.isNaN(this.costs[i]!)) entry.c = this.costs[i]!;
      const error = this.errors.get(i);
      if (error) entry.e = error;
      if (this.updatedAt[i]) entry.t = this.updatedAt[i]!;
      if (this.attempts[i]) entry.a = this.attempts[i]!;
      entries.push(entry);
    });
    writeAtomically(join(this.dir, 'snapshot.json'), JSON.stringify(entries));
    ftruncateSync(this.journalFd, 0);
    this.journalLines = 0;
  }

  close(): void {
    closeSync(this.journalFd);
    this.recipients.close();
  }

  private applyAll(changes: LedgerChange[], now: number): void {
    for (const change of changes) this.apply(change, now);
  }

  private apply(change: LedgerChange & { t?: number; a?: number }, now: number): void {
    const { i } = change;
    const next = STATE_CODE.get(change.s);
    if (next === undefined || i < 0 || i >= this.size) throw new Error(`bad entry ${JSON.stringify(change)}`);
    this.counts[this.states[i]!]!--;
    this.counts[next]!++;
    // A do-not-use-SMS flag set after the mailing started skips the recipient at dispatch.
    if (next === SKIPPED && change.e && change.e in this.skipCounts) this.skipCounts[change.e as SkipReason]++;
    this.states[i] = next;
    if (next === code('sending')) this.attempts[i] = Math.min(255, this.attempts[i]! + 1);
    if (change.a !== undefined) this.attempts[i] = change.a;
    if (change.p !== undefined) this.providerIds[i] = change.p;
    if (change.c !== undefined) this.costs[i] = change.c;
    if (change.e !== undefined) this.errors.set(i, change.e);
    this.updatedAt[i] = change.t ?? now;
  }
}

function writeAtomically(file: string, text: string): void {
  const temp = `${file}.tmp`;
  writeFileSync(temp, text);
  renameSync(temp, file);
}

function readJson<T>(file: string): T {
  try {
    return JSON.parse(readFileSync(file, 'utf8')) as T;
  } catch (error) {
    throw new CorruptDataError(`${file} cannot be read (${(error as Error).message})`);
  }
}
