/** The records of a CSV file, read all at once or a slice at a time with turns for other work between. */

import { CsvError, Parser, type Options } from 'csv-parse';
import { parse } from 'csv-parse/sync';

export interface CsvRecord {
  values: string[];
  /** Where the record starts: a quoted value may span lines. */
  line: number;
}

/** The file cannot be read as CSV at all, at `line` when known. */
export class CsvReadError extends Error {
  override readonly name = 'CsvReadError';

  constructor(
    message: string,
    readonly line?: number,
  ) {
    super(message);
  }
}

const CR = 0x0d;
const LF = 0x0a;

/**
 * Calls `onRecord` with the file's records in order, stopping after `maxRecords` (so that a caller
 * can tell there were more than it takes).
 */
export function readCsvRecords(file: string, maxRecords: number, onRecord: (record: CsvRecord) => void): void {
  const text = normalizeLineBreaks(file);
  const reading = readingOf(maxRecords, onRecord);
  try {
    parse(text, { ...reading.options, delimiter: detectDelimiter(text) });
  } catch (error) {
    throw reading.failure(error, () => text);
  }
}

/** About 120 rows of a CRM export: parsing one slice takes a few ms, not the tens a 64 KB slice took. */
const SLICE_BYTES = 16 * 1024;
const HEADER_SLICE_BYTES = 1024;

/**
 * The same records from the file's text or its UTF-8 bytes, a slice (`sliceBytes`) at a time: each
 * slice's records come out as one batch, and nothing more is read until the next is asked for, so
 * that a caller can let other work run between batches. No step holds the whole file at once (no
 * copy of it is made): the records and errors are exactly those readCsvRecords gives.
 */
export async function* csvRecordBatches(file: string | Uint8Array, maxRecords: number, sliceBytes = SLICE_BYTES): AsyncGenerator<CsvRecord[]> {
  const bytes = typeof file === 'string' ? Buffer.from(file, 'utf8') : file;
  const slices = () => normalizedSlices(bytes, sliceBytes);
  const pending: CsvRecord[] = [];
  const reading = readingOf(maxRecords, (record) => pending.push(record));
  const text = () => Buffer.concat([...slices()]).toString('utf8');
  try {
    // The header alone decides: read in small slices, so that finding it parses no more than it.
    const headerSlices = () => normalizedSlices(bytes, HEADER_SLICE_BYTES);
    const delimiter = (await columnsWith(headerSlices, ';')) > (await columnsWith(headerSlices, ',')) ? ';' : ',';
    for await (const _ of parsed(slices(), { ...reading.options, delimiter }, reading.full)) yield pending.splice(0);
  } catch (error) {
    throw reading.failure(error, text);
  }
  if (pending.length > 0) yield pending.splice(0);
}

/** The options both readers parse with, and the translation of what the parser reports. */
function readingOf(maxRecords: number, onRecord: (record: CsvRecord) => void) {
  let taken = 0;
  let lastLine = 0;
  const options: Options = {
    bom: true,
    relax_column_count: true,
    // A bare quote inside an unquoted value stays as written: ООО "Ромашка".
    relax_quotes: true,
    skip_empty_lines: true,
    skip_records_with_empty_values: true,
    to: maxRecords,
    on_record: (values: string[], context) => {
      taken++;
      lastLine = context.lines;
      onRecord({ values, line: context.lines - lineBreaksIn(values) });
      return null;
    },
  };
  return {
    options,
    full: () => taken === maxRecords,
    failure(error: unknown, text: () => string): unknown {
      if (!(error instanceof CsvError)) return error;
      if (error.code === 'CSV_QUOTE_NOT_CLOSED') {
        const line = firstNonBlankLine(text(), lastLine + 1);
        return new CsvReadError(`The quoted value that starts on line ${line} is never closed: a closing '"' is missing.`, line);
      }
      const line = typeof error.lines === 'number' ? error.lines : undefined;
      return new CsvReadError(`The file cannot be read as CSV: ${error.message}`, line);
    },
  };
}

/**
 * Feeds the slices to a stream parser one at a time, and yields after each (its records went to the
 * options' on_record). `full()`: the parser has stopped at `to` — it ignores the rest then, and never
 * finishes.
 */
async function* parsed(slices: Iterable<Uint8Array>, options: Options, full: () => boolean): AsyncGenerator<void> {
  const parser = new Parser(options);
  // A failed write or end hands its callback the error; the stream's error event is only kept quiet.
  parser.on('error', () => {});
  const settled = (start: (done: (error?: Error | null) => void) => void) =>
    new Promise<void>((resolve, reject) => start((error) => (error ? reject(error) : resolve())));
  try {
    for (const slice of slices) {
      if (full()) return;
      await settled((done) => parser.write(slice, done));
      yield;
    }
    if (!full()) await settled((done) => parser.end(done));
  } finally {
    parser.destroy();
  }
}

/** `;` (Russian Excel) or `,`: whichever splits the header into more columns. */
function detectDelimiter(text: string): ',' | ';' {
  const columnsWith = (delimiter: string) => {
    try {
      return parse(text, { ...HEADER_ONLY, delimiter })[0]?.length ?? 0;
    } catch {
      return 0;
    }
  };
  return columnsWith(';') > columnsWith(',') ? ';' : ',';
}

const HEADER_ONLY: Options = { bom: true, relax_quotes: true, skip_empty_lines: true, to: 1 };

/** As detectDelimiter's parse, reading only as many slices as the header takes. */
async function columnsWith(slices: () => Iterable<Uint8Array>, delimiter: string): Promise<number> {
  let columns = 0;
  const full = () => columns > 0;
  try {
    for await (const _ of parsed(slices(), { ...HEADER_ONLY, delimiter, on_record: (values: string[]) => void (columns ||= values.length) }, full)) {
      // on_record counted the header's columns.
    }
  } catch {
    return 0;
  }
  return columns;
}

/** csv-parse counts a \r\n inside a quoted value as two lines; with \n alone its line numbers hold. */
function normalizeLineBreaks(text: string): string {
  return text.replace(/\r\n?/g, '\n');
}

/** The bytes in slices, each \r\n and lone \r made \n as normalizeLineBreaks does (also across slices). */
function* normalizedSlices(bytes: Uint8Array, sliceBytes: number): Generator<Uint8Array> {
  let lfDue = false;
  for (let at = 0; at < bytes.length; at += sliceBytes) {
    const slice = bytes.subarray(at, at + sliceBytes);
    if (!slice.includes(CR) && !(lfDue && slice[0] === LF)) {
      lfDue = false;
      yield slice;
      continue;
    }
    const out = Buffer.allocUnsafe(slice.length);
    let length = 0;
    for (const byte of slice) {
      if (byte === LF && lfDue) {
        lfDue = false;
        continue;
      }
      lfDue = byte === CR;
      out[length++] = byte === CR ? LF : byte;
    }
    yield out.subarray(0, length);
  }
}

function lineBreaksIn(values: string[]): number {
  return values.reduce((count, value) => count + value.split('\n').length - 1, 0);
}

function firstNonBlankLine(text: string, from: number): number {
  const lines = text.split('\n');
  for (let line = from; line <= lines.length; line++) if (lines[line - 1]!.trim() !== '') return line;
  return from;
}
