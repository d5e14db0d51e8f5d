/** What the relay reports of a CSV import (POST /api/contacts/import), as the background hands it on. */
export interface ContactImportReport {
  created: number;
  updated: number;
  unchanged: number;
  /** Rows that are (on a dry run: would be) stored. */
  accepted: number;
  /** All refused rows; `refused` lists the first of them only. */
  refusedCount: number;
  refused: { line: number; reason: string }[];
  /** The file's header, in its order, and what each column becomes: a contact field, `fields.<name>` (an extra field) or null (ignored). */
  header: string[];
  mapping: Record<string, string | null>;
  dryRun: boolean;
}

/** How far a running import is: the file on its way to the relay, rows checked, contacts being stored. */
export type ContactImportProgress = { phase: 'send' } | { phase: 'check'; rows: number } | { phase: 'store'; rows: number };

/** The mailings page's CSV import (part of Protocol). */
export interface ImportProtocol {
  /** A CSV export's text into the relay's contact directory (`dryRun`: only checked); answers when the relay is done. */
  importContactsCsv: { request: { importId: string; csv: string; dryRun: boolean }; response: ContactImportReport };
  /** How far that import is, asked while it runs; null once it is over (or never was). */
  importProgress: { request: { importId: string }; response: ContactImportProgress | null };
}
