import { DomainError } from '../domain/errors';
import type { Store } from '../store/store';
import { importedConsents } from './consents';
import { CsvImportError, parseContactsCsvInTurns, type ColumnMapping } from './csv-import';
import { storeMany } from './store-many';
import type { Turn } from './time-slicer';

export interface ImportAnswer {
  created: number;
  updated: number;
  unchanged: number;
  /** Advertising consents given or withdrawn by the file (on a dry run: that it would record). */
  consents: number;
  accepted: number;
  refused: { line: number; reason: string }[];
  header: string[];
  mapping: ColumnMapping;
  dryRun: boolean;
}

const refusal = (error: CsvImportError) =>
  new DomainError('invalid', 'invalid_csv', `The CSV file cannot be imported. ${error.message}`, { messageRu: `Файл CSV не импортирован. ${error.message}` });

/** How far an import is: rows of the file checked so far, then the contacts being stored. */
export type ImportProgress = { phase: 'check'; rows: number } | { phase: 'store'; rows: number };

/**
 * A CRM's CSV export into the contact directory (only checked, on a dry run), row by row taking
 * turns; `onProgress` hears after each row how far it is. A broken file is refused (invalid_csv, the
 * parser's words) and stores nothing.
 */
export async function importContactsCsv(
  deps: { store: Store; defaultCountry: string; now: Date; user: string },
  file: Uint8Array,
  options: { idPrefix: string; dryRun: boolean },
  turn: Turn,
  onProgress: (progress: ImportProgress) => void = () => {},
): Promise<ImportAnswer> {
  // Reading the body took a turn's worth of work already: the file is read from the next one.
  await turn();
  // parseContactsCsvInTurns takes a turn after each record, the header first.
  let records = 0;
  const checking: Turn = () => {
    records++;
    onProgress({ phase: 'check', rows: Math.max(0, records - 1) });
    return turn();
  };
  const parsed = await parseContactsCsvInTurns(file, { idPrefix: options.idPrefix, defaultCountry: deps.defaultCountry }, checking).catch((error: unknown) => {
    throw error instanceof CsvImportError ? refusal(error) : error;
  });
  let counts = { created: 0, updated: 0, unchanged: 0 };
  const consents = importedConsents(deps.store.consents, parsed.rows, { by: deps.user, at: deps.now });
  if (!options.dryRun) {
    onProgress({ phase: 'store', rows: parsed.rows.length });
    // Consents first: if storing the contacts then fails, importing the file again stores them and adds no consent twice.
    deps.store.consents.append(consents);
    counts = await storeMany(deps.store, deps.defaultCountry, parsed.rows, deps.now, turn);
  }
  return {
    ...counts,
    consents: consents.length,
    accepted: parsed.rows.length,
    refused: parsed.refused,
    header: parsed.header,
    mapping: parsed.mapping,
    dryRun: options.dryRun,
  };
}
