import { formatNumber } from '../../../i18n/format';
import { translateMailing, type Language, type MailingTextKey } from '../../../i18n/texts';
import type { ContactImportReport } from '../../../messaging/import-protocol';
import type { ContactImportState, ImportFile, ImportRun } from '../../hooks/mailings/useContactImport';
import { importErrorText, refusedReasonText } from '../../mailings/import-reasons';

interface Props {
  language: Language;
  state: ContactImportState;
  onPick(file: File): void;
  onImport(): void;
  onReset(): void;
}

/** The relay's import fields (relay/contacts/csv-import.ts IMPORT_FIELDS), in words. */
const FIELD_WORDS: Record<string, MailingTextKey> = {
  id: 'csvFieldId',
  name: 'fName',
  firstName: 'fFirstName',
  lastName: 'fLastName',
  middleName: 'csvFieldMiddleName',
  mobilePhone: 'csvFieldMobilePhone',
  workPhone: 'csvFieldWorkPhone',
  homePhone: 'csvFieldHomePhone',
  phone: 'csvFieldPhone',
  email: 'fEmail',
  account: 'fAccount',
  owner: 'fOwner',
  city: 'fCity',
  doNotUseSms: 'fDoNotUseSms',
};

function targetText(lang: Language, target: string | null): string {
  if (target === null) return translateMailing(lang, 'csvIgnored');
  if (target.startsWith('fields.')) return translateMailing(lang, 'csvExtraField', { name: target.slice('fields.'.length) });
  return FIELD_WORDS[target] ? translateMailing(lang, FIELD_WORDS[target]!) : target;
}

const sizeText = (lang: Language, bytes: number): string =>
  bytes >= 1024 * 1024
    ? `${formatNumber(Math.round((bytes / 1024 / 1024) * 10) / 10, lang)} ${lang === 'ru' ? 'МБ' : 'MB'}`
    : `${formatNumber(Math.max(1, Math.round(bytes / 1024)), lang)} ${lang === 'ru' ? 'КБ' : 'KB'}`;

function FileLine({ lang, file }: { lang: Language; file: ImportFile }) {
  return (
    <p class="hint" data-crm-sms="csv-file-info">
      {translateMailing(lang, 'csvFile', { name: file.name, size: sizeText(lang, file.size), encoding: file.encoding })}
    </p>
  );
}

/**
 * How far it is, as far as it can be told: the rows the relay has checked, of the file's rows. Sending
 * the file and storing the contacts report no figure, so their bar moves without one.
 */
function RunProgress({ lang, run }: { lang: Language; run: ImportRun | null }) {
  const n = (value: number) => formatNumber(value, lang);
  const { progress, total, exact } = run ?? { progress: null, total: 0, exact: false };
  if (progress?.phase === 'check' && total > 0) {
    const rows = Math.min(progress.rows, total);
    return (
      <div class="check-row">
        <progress data-crm-sms="csv-progress" data-phase="check" max={total} value={rows} />
        <span class="hint">{translateMailing(lang, exact ? 'csvChecking' : 'csvCheckingAbout', { rows: n(rows), total: n(total) })}</span>
      </div>
    );
  }
  const label =
    progress === null
      ? translateMailing(lang, 'csvReading')
      : progress.phase === 'store'
        ? translateMailing(lang, 'csvStoring', { rows: n(progress.rows) })
        : translateMailing(lang, 'csvSending');
  return (
    <div class="check-row">
      <progress data-crm-sms="csv-progress" data-phase={progress?.phase ?? 'read'} />
      <span class="hint">{label}</span>
    </div>
  );
}

function Report({ lang, report }: { lang: Language; report: ContactImportReport }) {
  const n = (value: number) => formatNumber(value, lang);
  const more = report.refusedCount - report.refused.length;
  return (
    <>
      {/* A header is one long word at times: it wraps anywhere rather than widen the drawer. */}
      <table class="grid csv-mapping" data-crm-sms="csv-mapping" style={{ overflowWrap: 'anywhere' }}>
        <caption>{translateMailing(lang, 'csvMapping')}</caption>
        <thead>
          <tr>
            <th scope="col">{translateMailing(lang, 'csvColumn')}</th>
            <th scope="col">{translateMailing(lang, 'csvTarget')}</th>
          </tr>
        </thead>
        <tbody>
          {report.header.map((column, index) => (
            <tr key={`${index}:${column}`} data-column={column} class={report.mapping[column] === null ? 'muted' : undefined}>
              <td>{column}</td>
              <td>{targetText(lang, report.mapping[column] ?? null)}</td>
            </tr>
          ))}
        </tbody>
      </table>
      <p data-crm-sms="csv-summary">
        {translateMailing(lang, 'csvDryRun', { rows: n(report.accepted + report.refusedCount), accepted: n(report.accepted), refused: n(report.refusedCount) })}
      </p>
      {report.refusedCount > 0 && (
        <details open={report.refusedCount <= 20} data-crm-sms="csv-refused">
          <summary>
            {translateMailing(lang, 'csvRefused')}: {n(report.refusedCount)}
          </summary>
          <ul>
            {report.refused.map((row) => (
              <li key={row.line} data-line={row.line}>
                {translateMailing(lang, 'csvRefusedRow', { line: row.line, reason: refusedReasonText(lang, row) })}
              </li>
            ))}
            {more > 0 && <li>{translateMailing(lang, 'csvRefusedMore', { count: n(more) })}</li>}
          </ul>
        </details>
      )}
    </>
  );
}

/** «Импорт контактов из CSV»: pick a file, see how its columns map and which rows are refused, then import. */
export function ContactImport({ language: lang, state, onPick, onImport, onReset }: Props) {
  const busy = state.step === 'reading' || state.step === 'checking' || state.step === 'importing';
  const file = state.step === 'idle' ? null : state.file;
  const onChange = (event: Event) => {
    const input = event.currentTarget as HTMLInputElement;
    const picked = input.files?.[0];
    // The same file may be picked again (after changing it in Excel).
    input.value = '';
    if (picked) onPick(picked);
  };
  return (
    // Folded until opened (natively, so a re-render never folds it again): the registry stays short.
    <details class="contact-import" data-crm-sms="csv-import" data-step={state.step}>
      <summary data-crm-sms="csv-import-open">{translateMailing(lang, 'csvImportTitle')}</summary>
      <p class="hint">{translateMailing(lang, 'csvImportHint')}</p>
      {!busy && state.step !== 'report' && (
        <label class="file-pick">
          {translateMailing(lang, 'csvPickFile')} <input type="file" accept=".csv,text/csv,text/plain" data-crm-sms="csv-file" onChange={onChange} />
        </label>
      )}
      {file && <FileLine lang={lang} file={file} />}
      {busy && <RunProgress lang={lang} run={state.step === 'reading' ? null : state.run} />}
      {(state.step === 'report' || state.step === 'importing') && <Report lang={lang} report={state.report} />}
      {state.step === 'report' && (
        <div class="row">
          {state.report.accepted > 0 ? (
            <button type="button" class="primary" data-crm-sms="csv-import-run" onClick={onImport}>
              {translateMailing(lang, 'csvImport', { count: formatNumber(state.report.accepted, lang) })}
            </button>
          ) : (
            <span class="error" data-crm-sms="csv-nothing">
              {translateMailing(lang, 'csvNothing')}
            </span>
          )}
          <button type="button" data-crm-sms="csv-reset" onClick={onReset}>
            {translateMailing(lang, 'csvOtherFile')}
          </button>
        </div>
      )}
      <output data-crm-sms="csv-result" class={state.step === 'error' ? 'error' : 'ok'}>
        {state.step === 'done' &&
          translateMailing(lang, 'csvDone', {
            name: state.file.name,
            created: formatNumber(state.report.created, lang),
            updated: formatNumber(state.report.updated, lang),
            unchanged: formatNumber(state.report.unchanged, lang),
            refused: formatNumber(state.report.refusedCount, lang),
          })}
        {state.step === 'error' && importErrorText(lang, state.error)}
      </output>
    </details>
  );
}
