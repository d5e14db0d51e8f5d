import { closeSync, existsSync, ftruncateSync, mkdirSync, openSync, readFileSync, renameSync, writeFileSync, writeSync } from 'node:fs';
import { join } from 'node:path';
import { RECIPIENT_STATES, type MailingCounters, type RecipientState, type SkipReason } from '../../shared/mailings';
import { CorruptDataError } from '../store/json-db';

/** A recipient as frozen when the mailing starts: who, where, and exactly what text. */
export interface FrozenRecipient {
  contactId: string;
  name: string;
  /** E.164 digits; null when skipped for having none (or an invalid one). */
  phone: string | null;
  country: string | null;
  timeZone?: string;
  text: string | null;
  parts: number;
  skip: SkipReason | null;
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
 *  - recipients.json: the frozen audience, written once (temp file + rename);
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

  private constructor(private readonly dir: string, readonly recipients: FrozenRecipient[]) {
    const n = recipients.length;
    this.states = new Uint8Array(n);
    this.providerIds = new Array(n);
    this.costs = new Float64Array(n).fill(Number.NaN);
    this.attempts = new Uint8Array(n);
    this.updatedAt = new Float64Array(n);
    recipients.forEach((r, i) => {
      this.states[i] = r.skip ? SKIPPED : code('queued');
      if (r.skip) this.skipCounts[r.skip]++;
    });
    for (const s of this.states) this.counts[s]!++;
    this.journalFd = openSync(join(dir, 'journal.jsonl'), 'a');
  }

  static create(dir: string, recipients: FrozenRecipient[]): RecipientLedger {
    mkdirSync(dir, { recursive: true });
    writeRecipients(join(dir, 'recipients.json'), recipients);
    writeFileSync(join(dir, 'journal.jsonl'), '');
    return new RecipientLedger(dir, recipients);
  }

  static exists(dir: string): boolean {
    return existsSync(join(dir, 'recipients.json'));
  }

  static open(dir: string): RecipientLedger {
    const recipients = readJson<FrozenRecipient[]>(join(dir, 'recipients.json'));
    const ledger = new RecipientLedger(dir, recipients);
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
    return this.recipients.length;
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

  /** New texts for recipients not yet sent (the text was edited while paused); rewrites recipients.json. */
  replaceTexts(texts: Map<number, { text: string; parts: number }>): void {
    for (const [i, { text, parts }] of texts) Object.assign(this.recipients[i]!, { text, parts });
    writeRecipients(join(this.dir, 'recipients.json'), this.recipients);
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

/** The frozen audience as one JSON array, written in chunks (no 100k-recipient string in memory), atomically. */
function writeRecipients(file: string, recipients: FrozenRecipient[]): void {
  const temp = `${file}.tmp`;
  const fd = openSync(temp, 'w');
  try {
    writeSync(fd, '[');
    for (let i = 0; i < recipients.length; i += 1000) {
      const chunk = recipients.slice(i, i + 1000).map((r) => JSON.stringify(r)).join(',');
      writeSync(fd, i === 0 ? chunk : `,${chunk}`);
    }
    writeSync(fd, ']');
  } finally {
    closeSync(fd);
  }
  renameSync(temp, file);
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
