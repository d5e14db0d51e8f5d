import { Fragment } from 'preact';
import { canDo, type MailingAction } from '../../../../shared/lifecycle';
import { MAILING_STATUS_LABELS, type MailingStats, type MailingStatus, type UnknownResolution } from '../../../../shared/mailings';
import { formatMoney, formatNumber } from '../../../i18n/format';
import { pickError, translateMailing, type Language } from '../../../i18n/texts';
import type { UiError } from '../../../messaging/protocol';
import { countRows } from '../../mailings/counters';
import { ProgressBar } from './ProgressBar';
import { RetryConfirmation } from './RetryConfirmation';
import { StatusChart } from './StatusChart';
import { UnknownRecipientsNote } from './UnknownRecipientsNote';

export interface UnknownsView {
  providerName: string | null;
  resolution: UnknownResolution | null;
  resolving: boolean;
  /** Still-unknown recipients the retry waits to be confirmed for; null when it does not wait. */
  confirmingRetry: number | null;
  /** Why the provider could not be asked. */
  error: UiError | null;
}

interface Props {
  language: Language;
  status: MailingStatus;
  statusReason: { message: string; messageRu: string } | null;
  stats: MailingStats | null;
  error: UiError | null;
  busy: MailingAction | 'csv' | null;
  confirmingCancel: boolean;
  unknowns: UnknownsView;
  /** What to say beside the replies when the provider passes on none (SMS.ru, SMS Aero); null when it does. */
  noReplies: { ru: string; en: string } | null;
  /** Resume and the retries send again: they act only on a real user's click (the event says). */
  onAction(action: Exclude<MailingAction, 'retry'>, event: Event): void;
  onRetry(event: Event): void;
  onResolve(): void;
  onConfirmRetry(event: Event): void;
  onKeepRetry(): void;
  onAskCancel(): void;
  onKeep(): void;
  onExport(): void;
}

/**
 * Analytics (S10): chart and table by status, «Общее количество СМС», «Стоимость рассылки (руб.)», the
 * replies and opt-outs the mailing brought, progress, controls.
 */
export function AnalyticsPanel(props: Props) {
  const { language: lang, status, stats, unknowns } = props;
  const rows = stats ? countRows(stats.counters, lang) : [];
  const canRetry = canDo(status, 'retry') && stats !== null && stats.counters.failed + stats.counters.unknown > 0;
  const idle = props.busy === null && !unknowns.resolving;
  const showUnknownNote = stats !== null && (stats.counters.unknown > 0 || unknowns.resolution !== null);
  return (
    <section class="panel" data-crm-sms="analytics" data-status={status}>
      <h3>
        {translateMailing(lang, 'analytics')}: <span data-crm-sms="mailing-status">{MAILING_STATUS_LABELS[status][lang]}</span>
      </h3>
      {props.statusReason && (
        <p class="crm-sms-flag" data-crm-sms="status-reason">
          {pickError(lang, props.statusReason)}
        </p>
      )}
      {stats && <ProgressBar name="progress" ratio={stats.progress} label={translateMailing(lang, 'progressDone', { percent: Math.round(stats.progress * 100) })} />}
      {stats && (
        <>
          <dl class="figures">
            <div>
              <dt>{translateMailing(lang, 'totalParts')}</dt>
              <dd data-crm-sms="total-parts">{formatNumber(stats.totalParts, lang)}</dd>
            </div>
            <div>
              <dt>{translateMailing(lang, !stats.currency || stats.currency === 'RUB' ? 'mailingCost' : 'mailingCostOther')}</dt>
              <dd data-crm-sms="mailing-cost">{stats.cost === null ? '' : formatMoney(stats.cost, stats.currency, lang)}</dd>
            </div>
            {stats.counters.held > 0 && (
              <div>
                <dt>{translateMailing(lang, 'held')}</dt>
                <dd>{formatNumber(stats.counters.held, lang)}</dd>
              </div>
            )}
            <div>
              <dt>{translateMailing(lang, 'mailingReplies')}</dt>
              <dd data-crm-sms="mailing-replies">{formatNumber(stats.replies, lang)}</dd>
            </div>
            <div>
              <dt>{translateMailing(lang, 'mailingOptOuts')}</dt>
              <dd data-crm-sms="mailing-opt-outs">{formatNumber(stats.optOuts, lang)}</dd>
            </div>
          </dl>
          {props.noReplies && (
            <p class="hint" data-crm-sms="mailing-no-replies">
              {props.noReplies[lang]}
            </p>
          )}
          <StatusChart rows={rows} title={translateMailing(lang, 'analytics')} language={lang} />
          <table class="grid compact" data-crm-sms="stats-table">
            <thead>
              <tr>
                <th>{translateMailing(lang, 'colStatus')}</th>
                <th>{translateMailing(lang, 'colCount')}</th>
              </tr>
            </thead>
            <tbody>
              {rows.map((r) => (
                <Fragment key={r.key}>
                  <tr data-crm-sms="stats-row" data-key={r.key}>
                    <td>{r.label}</td>
                    <td data-crm-sms="stats-count">{formatNumber(r.count, lang)}</td>
                  </tr>
                  {r.key === 'unknown' && showUnknownNote && (
                    <tr data-crm-sms="unknown-note-row">
                      <td colSpan={2}>
                        <UnknownRecipientsNote
                          language={lang}
                          unknown={stats.counters.unknown}
                          unknownLookup={stats.unknownLookup}
                          providerName={unknowns.providerName}
                          resolution={unknowns.resolution}
                          resolving={unknowns.resolving}
                          error={unknowns.error}
                          disabled={!idle}
                          onResolve={props.onResolve}
                        />
                      </td>
                    </tr>
                  )}
                </Fragment>
              ))}
            </tbody>
          </table>
        </>
      )}
      {props.error && (
        <p class="error" data-crm-sms="analytics-error">
          {pickError(lang, props.error)}
        </p>
      )}
      {unknowns.confirmingRetry !== null && (
        <RetryConfirmation language={lang} unresolved={unknowns.confirmingRetry} onConfirm={props.onConfirmRetry} onKeep={props.onKeepRetry} />
      )}
      <div class="row">
        {canDo(status, 'pause') && (
          <button type="button" data-crm-sms="pause" disabled={!idle} onClick={(e) => props.onAction('pause', e)}>
            {translateMailing(lang, 'pause')}
          </button>
        )}
        {canDo(status, 'resume') && (
          <button type="button" data-crm-sms="resume" disabled={!idle} onClick={(e) => props.onAction('resume', e)}>
            {translateMailing(lang, 'resume')}
          </button>
        )}
        {canRetry && (
          <button type="button" data-crm-sms="retry" disabled={!idle || unknowns.confirmingRetry !== null} onClick={props.onRetry}>
            {translateMailing(lang, 'retryFailed')}
          </button>
        )}
        {canDo(status, 'cancel') &&
          (props.confirmingCancel ? (
            <>
              <button type="button" class="danger" data-crm-sms="cancel-confirm" onClick={(e) => props.onAction('cancel', e)}>
                {translateMailing(lang, 'confirmCancel')}
              </button>
              <button type="button" onClick={props.onKeep}>
                {translateMailing(lang, 'close')}
              </button>
            </>
          ) : (
            <button type="button" data-crm-sms="cancel" disabled={!idle} onClick={props.onAskCancel}>
              {translateMailing(lang, 'cancelMailing')}
            </button>
          ))}
        <span class="spacer" />
        <button type="button" data-crm-sms="export-csv" disabled={props.busy === 'csv'} onClick={props.onExport}>
          {translateMailing(lang, 'exportCsv')}
        </button>
      </div>
    </section>
  );
}
