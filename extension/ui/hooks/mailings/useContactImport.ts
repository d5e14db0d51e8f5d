import { useRef, useState } from 'preact/hooks';
import { ask } from '../../../messaging/client';
import type { ContactImportProgress, ContactImportReport } from '../../../messaging/import-protocol';
import type { Result, UiError } from '../../../messaging/protocol';
import { aboutRows, decodeCsv, type CsvFileText } from '../../mailings/csv-file';

export interface ImportFile {
  name: string;
  size: number;
  encoding: CsvFileText['encoding'];
}

/** How far the relay is: `total` rows to check, exact once a dry run has counted them (else about). */
export interface ImportRun {
  progress: ContactImportProgress;
  total: number;
  exact: boolean;
}

export type ContactImportState =
  | { step: 'idle' }
  | { step: 'reading'; file: ImportFile }
  | { step: 'checking'; file: ImportFile; run: ImportRun }
  | { step: 'report'; file: ImportFile; report: ContactImportReport }
  | { step: 'importing'; file: ImportFile; report: ContactImportReport; run: ImportRun }
  | { step: 'done'; file: ImportFile; report: ContactImportReport }
  | { step: 'error'; file: ImportFile | null; error: UiError };

/** How often the page asks the background how far the relay is. */
const POLL_MS = 250;

const newImportId = () => (globalThis.crypto?.randomUUID?.() ?? `${Date.now()}-${Math.random()}`).slice(0, 100);

/** The import through the background, asking it meanwhile how far the relay is. */
async function importWithProgress(csv: string, dryRun: boolean, onProgress: (progress: ContactImportProgress) => void): Promise<Result<ContactImportReport>> {
  const importId = newImportId();
  let over = false;
  const answer = ask('importContactsCsv', { importId, csv, dryRun }).finally(() => (over = true));
  void (async () => {
    while (!over) {
      await new Promise((resolve) => setTimeout(resolve, POLL_MS));
      const now = over ? null : await ask('importProgress', { importId });
      if (!over && now?.ok && now.value) onProgress(now.value);
    }
  })();
  return answer;
}

/**
 * «Импорт контактов из CSV»: the picked file is read, checked by the relay (a dry run: the column
 * mapping and the refused rows), and imported when the user says so; meanwhile, how far the relay is.
 */
export function useContactImport() {
  const [state, setState] = useState<ContactImportState>({ step: 'idle' });
  const csv = useRef('');

  return {
    state,
    async pick(picked: File): Promise<void> {
      const file: ImportFile = { name: picked.name, size: picked.size, encoding: 'UTF-8' };
      setState({ step: 'reading', file });
      let text: CsvFileText;
      try {
        text = decodeCsv(new Uint8Array(await picked.arrayBuffer()));
      } catch (error) {
        const message = (error as Error).message;
        return setState({
          step: 'error',
          file,
          error: { code: 'unreadable_file', message: `The file cannot be read (${message})`, messageRu: `Файл не читается (${message})` },
        });
      }
      csv.current = text.text;
      file.encoding = text.encoding;
      const run: ImportRun = { progress: { phase: 'send' }, total: aboutRows(text.text), exact: false };
      setState({ step: 'checking', file, run });
      const checked = await importWithProgress(text.text, true, (progress) => setState({ step: 'checking', file, run: { ...run, progress } }));
      setState(checked.ok ? { step: 'report', file, report: checked.value } : { step: 'error', file, error: checked.error });
    },
    async importChecked(): Promise<void> {
      if (state.step !== 'report') return;
      const { file, report } = state;
      const run: ImportRun = { progress: { phase: 'send' }, total: report.accepted + report.refusedCount, exact: true };
      setState({ step: 'importing', file, report, run });
      const imported = await importWithProgress(csv.current, false, (progress) => setState({ step: 'importing', file, report, run: { ...run, progress } }));
      if (imported.ok) csv.current = '';
      setState(imported.ok ? { step: 'done', file, report: imported.value } : { step: 'error', file, error: imported.error });
    },
    reset(): void {
      csv.current = '';
      setState({ step: 'idle' });
    },
  };
}
