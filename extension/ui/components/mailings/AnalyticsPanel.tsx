import { MAILING_STATUS_LABELS, type MailingStats, type MailingStatus } from '../../../../shared/mailings';
import { pickError, translateMailing, type Language } from '../../../i18n/texts';
import type { MailingAction } from '../../../messaging/mailing-protocol';
import type { UiError } from '../../../messaging/protocol';
import { countRows } from '../../mailings/counters';
import { ProgressBar } from './ProgressBar';
import { StatusChart } from './StatusChart';

interface Props {
  language: Language;
  status: MailingStatus;
  statusReason: { message: string; messageRu: string } | null;
  stats: MailingStats | null;
  error: UiError | null;
  busy: MailingAction | 'csv' | null;
  confirmingCancel: boolean;
  onAction(action: MailingAction): void;
  onAskCancel(): void;
  onKeep(): void;
  onExport(): void;
}

/** Analytics (S10): chart and table by status, «Общее количество СМС», «Стоимость рассылки (руб.)», progress, controls. */
export function AnalyticsPanel(props: Props) {
  const { language: lang, status, stats } = props;
  const rows = stats ? countRows(stats.counters, lang) : [];
  const canRetry = (status === 'finished' || status === 'paused') && stats !== null && stats.counters.failed + stats.counters.unknown > 0;
  return (
    <section class="panel" data-crm-sms="analytics" data-status={status}>
      <h3>{translateMailing(lang, 'analytics')}: <span data-crm-sms="mailing-status">{MAILING_STATUS_LABELS[status][lang]}</span></h3>
      {props.statusReason && <p class="crm-sms-flag" data-crm-sms="status-reason">{pickError(lang, props.statusReason)}</p>}
      {stats && <ProgressBar name="progress" ratio={stats.progress} label={translateMailing(lang, 'progressDone', { percent: Math.round(stats.progress * 100) })} />}
      {stats && (
        <>
          <dl class="figures">
            <div><dt>{translateMailing(lang, 'totalParts')}</dt><dd data-crm-sms="total-parts">{stats.totalParts}</dd></div>
            <div><dt>{translateMailing(lang, 'mailingCost')}</dt><dd data-crm-sms="mailing-cost">{stats.cost === null ? '' : stats.cost.toFixed(2)}</dd></div>
            {stats.counters.held > 0 && <div><dt>{translateMailing(lang, 'held')}</dt><dd>{stats.counters.held}</dd></div>}
          </dl>
          <StatusChart rows={rows} title={translateMailing(lang, 'analytics')} />
          <table class="grid compact" data-crm-sms="stats-table">
            <thead><tr><th>{translateMailing(lang, 'colStatus')}</th><th>{translateMailing(lang, 'colCount')}</th></tr></thead>
            <tbody>
              {rows.map((r) => (
                <tr key={r.key} data-crm-sms="stats-row" data-key={r.key}><td>{r.label}</td><td data-crm-sms="stats-count">{r.count}</td></tr>
              ))}
            </tbody>
          </table>
        </>
      )}
      {props.error && <p class="error" data-crm-sms="analytics-error">{pickError(lang, props.error)}</p>}
      <div class="row">
        {status === 'running' && <button type="button" data-crm-sms="pause" disabled={props.busy !== null} onClick={() => props.onAction('pause')}>{translateMailing(lang, 'pause')}</button>}
        {status === 'paused' && <button type="button" data-crm-sms="resume" disabled={props.busy !== null} onClick={() => props.onAction('resume')}>{translateMailing(lang, 'resume')}</button>}
        {canRetry && <button type="button" data-crm-sms="retry" disabled={props.busy !== null} onClick={() => props.onAction('retry')}>{translateMailing(lang, 'retryFailed')}</button>}
        {['scheduled', 'running', 'paused'].includes(status) &&
          (props.confirmingCancel ? (
            <>
              <button type="button" class="danger" data-crm-sms="cancel-confirm" onClick={() => props.onAction('cancel')}>{translateMailing(lang, 'confirmCancel')}</button>
              <button type="button" onClick={props.onKeep}>{translateMailing(lang, 'close')}</button>
            </>
          ) : (
            <button type="button" data-crm-sms="cancel" disabled={props.busy !== null} onClick={props.onAskCancel}>{translateMailing(lang, 'cancelMailing')}</button>
          ))}
        <span class="spacer" />
        <button type="button" data-crm-sms="export-csv" disabled={props.busy === 'csv'} onClick={props.onExport}>{translateMailing(lang, 'exportCsv')}</button>
      </div>
    </section>
  );
}
