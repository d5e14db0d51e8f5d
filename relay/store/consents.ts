import { existsSync, fstatSync } from 'node:fs';
import type { ConsentRecord } from '../../shared/consent';
import { nodeIo, syncFile, writeAllAt, type DataIo } from './data-io';
import { CorruptDataError } from './json-db';
import { forEachLine } from './line-file';
import { StorageError } from './storage-error';

const COMMIT = '{"$commit":true}';

/**
 * Every consent change of every contact (`consents.jsonl`), appended and never rewritten: the proof
 * of who agreed or withdrew, when and how. Memory keeps each contact's history, so the consent now
 * (its latest record) is found in O(1) when a mailing checks a hundred thousand contacts.
 *
 * A write is a group of record lines closed by a commit line, appended in one write and fsync'd: a
 * group a crash cut short is dropped whole when the file is opened again; a write the disk refuses
 * is cut off again and thrown as a StorageError, and memory does not change.
 */
export class ConsentStore {
  private readonly histories = new Map<string, ConsentRecord[]>();
  /** How many writes changed the consents since they were opened. */
  changes = 0;
  private fileBytes = 0;
  /** A failed write may have left bytes past `fileBytes`: the next write cuts them first. */
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

  static open(file: string, io: DataIo = nodeIo): ConsentStore {
    const store = new ConsentStore(file, io);
    store.load();
    return store;
  }

  /** The contact's consent now: its latest record, or undefined when none was ever recorded. */
  current(crmId: string): ConsentRecord | undefined {
    const history = this.histories.get(crmId);
    return history?.[history.length - 1];
  }

  /** Whether the contact's consent now is a granted one. */
  granted(crmId: string): boolean {
    return this.current(crmId)?.granted === true;
  }

  /** The contact's records, oldest first. */
  history(crmId: string): readonly ConsentRecord[] {
    return this.histories.get(crmId) ?? [];
  }

  /** Appends the records as one group: all of them are stored, or (on a failed write) none. */
  append(records: readonly ConsentRecord[]): void {
    if (records.length === 0) return;
    const data = Buffer.from(`${records.map((r) => JSON.stringify(r)).join('\n')}\n${COMMIT}\n`, 'utf8');
    try {
      if (this.tornTail) this.io.ftruncateSync(this.fd, this.fileBytes);
      this.tornTail = false;
      writeAllAt(this.io, this.fd, data, this.fileBytes, this.file);
      syncFile(this.io, this.fd, this.file);
    } catch (error) {
      this.tornTail = true;
      throw StorageError.from(error, this.file);
    }
    this.fileBytes += data.length;
    this.changes++;
    for (const record of records) this.remember(record);
  }

  close(): void {
    this.io.closeSync(this.fd);
  }

  private remember(record: ConsentRecord): void {
    const history = this.histories.get(record.crmId);
    if (history) history.push(record);
    else this.histories.set(record.crmId, [record]);
  }

  /**
   * Reads the committed groups. Lines after the last commit (a write cut short) are dropped and cut off
   * the file; a bad line before a commit is corruption.
   */
  private load(): void {
    let pending: ConsentRecord[] = [];
    let committedEnd = 0;
    let badLine: string | null = null;
    forEachLine(this.fd, (line, _start, end, lineNumber) => {
      if (line === COMMIT) {
        if (badLine) throw new CorruptDataError(`${this.file} ${badLine}; restore the file from a backup or move it aside`);
        for (const record of pending) this.remember(record);
        pending = [];
        committedEnd = end + 1;
        return;
      }
      if (badLine) return;
      try {
        const record = JSON.parse(line) as ConsentRecord;
        if (typeof record.crmId !== 'string' || typeof record.granted !== 'boolean') throw new Error('it has no crmId or granted');
        pending.push(record);
      } catch (error) {
        badLine = `line ${lineNumber} is not a consent record (${(error as Error).message})`;
      }
    });
    if (committedEnd < fstatSync(this.fd).size) {
      try {
        this.io.ftruncateSync(this.fd, committedEnd);
      } catch (error) {
        throw StorageError.from(error, this.file);
      }
    }
    this.fileBytes = committedEnd;
  }
}
