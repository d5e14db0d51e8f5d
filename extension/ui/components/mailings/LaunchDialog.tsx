import type { PreflightView } from '../../../../shared/mailings';
import { formatMoney, formatNumber } from '../../../i18n/format';
import { pickError, translateMailing, type Language } from '../../../i18n/texts';
import type { LaunchConfirm, LaunchState } from '../../hooks/mailings/useLaunch';
import { formatDateTime } from '../../mailings/datetime';
import { emptyMacrosText, lengthsText, macroName } from '../../mailings/preflight-words';
import { NoticeModal } from '../NoticeModal';
import { Modal } from './Modal';
import { SkippedCounts } from './SkippedCounts';

interface Props {
  language: Language;
  state: Exclude<LaunchState, { step: 'closed' }>;
  onConfirm(event: Event): void;
  onClose(): void;
  /** Skip (or not) the recipients whose text has an empty macro. */
  onSkipEmptyMacros?(event: Event, skip: boolean): void;
  onDefault?(path: string, text: string): void;
  /** «Подставить»: the typed defaults go into the template. */
  onApplyDefaults?(event: Event): void;
}

/** The launch: the preflight figures to confirm (a second time over the balance), then «Рассылка запущена». */
export function LaunchDialog({ language: lang, state, onConfirm, onClose, onSkipEmptyMacros, onDefault, onApplyDefaults }: Props) {
  if (state.step === 'launched') {
    const text = translateMailing(lang, 'mailingLaunched');
    const when = state.mailing.status === 'scheduled' ? ` ${translateMailing(lang, 'startsAt', { date: formatDateTime(state.mailing.startAt, lang) })}` : '';
    return <NoticeModal text={`${text}${when}`} closeLabel={translateMailing(lang, 'close')} onClose={onClose} />;
  }
  const title = translateMailing(lang, 'launchConfirmTitle');
  if (state.step !== 'confirm') {
    return (
      <Modal title={title} name="launch-confirm" closeLabel={translateMailing(lang, 'close')} onClose={onClose}>
        {state.step === 'checking' ? (
          <p class="hint">{translateMailing(lang, 'loading')}</p>
        ) : (
          <p class="error" data-crm-sms="launch-error">
            {pickError(lang, state.error)}
          </p>
        )}
      </Modal>
    );
  }
  const { preflight: p } = state;
  const money = (value: number | null, unknown: string) => (value === null ? unknown : formatMoney(value, p.currency, lang));
  // A relay from before the shortfall and empty macros were reported sends neither.
  const shortfall = p.shortfall == null ? null : formatMoney(p.shortfall, p.currency, lang);
  const asking = shortfall !== null && state.overBalanceAsked;
  const emptyMacros = (p.emptyMacros?.recipients ?? 0) > 0;
  // Those the dialog shows in its own words, with the figures, are not listed again.
  const others = p.problems.filter((problem) => !(problem.code === 'over_balance' && shortfall !== null) && !(problem.code === 'empty_macro' && emptyMacros));
  return (
    <Modal
      title={title}
      name="launch-confirm"
      closeLabel={translateMailing(lang, 'close')}
      onClose={onClose}
      footer={
        <>
          <span class="crm-sms-spacer" />
          <button type="button" onClick={onClose}>
            {translateMailing(lang, 'cancel')}
          </button>
          <button
            type="button"
            class="crm-sms-primary"
            data-crm-sms="launch-confirm-button"
            data-over-balance={asking ? 'confirm' : undefined}
            disabled={state.launching || state.refreshing || p.recipients === 0}
            onClick={onConfirm}
          >
            {asking ? translateMailing(lang, 'confirmOverBalance', { shortfall: shortfall! }) : translateMailing(lang, 'confirmLaunch')}
          </button>
        </>
      }
    >
      <dl class="figures" data-crm-sms="launch-figures">
        <div>
          <dt>{translateMailing(lang, 'recipients')}</dt>
          <dd data-crm-sms="launch-recipients">{formatNumber(p.recipients, lang)}</dd>
        </div>
        <div>
          <dt>{translateMailing(lang, 'totalParts')}</dt>
          <dd data-crm-sms="launch-parts">{formatNumber(p.totalParts, lang)}</dd>
        </div>
        {p.lengths && (
          <div>
            <dt>{translateMailing(lang, 'messageLengths')}</dt>
            <dd data-crm-sms="launch-lengths">{lengthsText(p.lengths, lang)}</dd>
          </div>
        )}
        <div>
          <dt>{translateMailing(lang, 'estimatedCost')}</dt>
          <dd data-crm-sms="launch-cost">{money(p.estimatedCost, translateMailing(lang, 'costUnknown'))}</dd>
        </div>
        <div>
          <dt>{translateMailing(lang, 'balance')}</dt>
          <dd data-crm-sms="launch-balance">{money(p.balance, translateMailing(lang, 'balanceUnknown'))}</dd>
        </div>
        {shortfall !== null && (
          <div class="error">
            <dt>{translateMailing(lang, 'shortfall')}</dt>
            <dd data-crm-sms="launch-shortfall">{shortfall}</dd>
          </div>
        )}
        {p.budgetCap !== null && (
          <div>
            <dt>{translateMailing(lang, 'budgetCap')}</dt>
            <dd>{money(p.budgetCap, '')}</dd>
          </div>
        )}
      </dl>
      {shortfall !== null && (
        <p class="crm-sms-flag" data-crm-sms={asking ? 'over-balance-confirm' : 'over-balance'} role={asking ? 'alert' : undefined}>
          {asking
            ? translateMailing(lang, 'overBalanceAsk', { shortfall })
            : translateMailing(lang, 'overBalance', { cost: money(p.estimatedCost, ''), balance: money(p.balance, ''), shortfall })}
        </p>
      )}
      <h4>{translateMailing(lang, 'skipped')}</h4>
      <SkippedCounts language={lang} skipped={p.skipped} />
      {emptyMacros && <EmptyMacros language={lang} state={state} onSkip={onSkipEmptyMacros} onDefault={onDefault} onApply={onApplyDefaults} />}
      {others.length > 0 && (
        <div class="crm-sms-flag" data-crm-sms="launch-problems">
          <b>{translateMailing(lang, 'problems')}</b>
          <ul>
            {others.map((problem) => (
              <li key={problem.code}>{pickError(lang, problem)}</li>
            ))}
          </ul>
        </div>
      )}
      {state.error && (
        <p class="error" data-crm-sms="launch-error" role="alert">
          {pickError(lang, state.error)}
        </p>
      )}
    </Modal>
  );
}

interface EmptyMacrosProps {
  language: Language;
  state: LaunchConfirm;
  onSkip?(event: Event, skip: boolean): void;
  onDefault?(path: string, text: string): void;
  onApply?(event: Event): void;
}

/** Who would get «Здравствуйте, !», and the two ways out: skip them, or give the template a default. */
function EmptyMacros({ language: lang, state, onSkip, onDefault, onApply }: EmptyMacrosProps) {
  const report: PreflightView['emptyMacros'] = state.preflight.emptyMacros;
  const typed = Object.values(state.defaults).some((text) => text.trim() !== '');
  return (
    <div class="crm-sms-flag" data-crm-sms="empty-macros" data-count={report.recipients}>
      <p data-crm-sms="empty-macros-text">{emptyMacrosText(report, lang)}</p>
      <label class="inline">
        <input
          type="checkbox"
          data-crm-sms="skip-empty-macros"
          checked={state.skipEmptyMacros}
          disabled={state.refreshing || state.launching}
          onChange={(e) => onSkip?.(e, (e.currentTarget as HTMLInputElement).checked)}
        />
        {translateMailing(lang, 'skipEmptyMacros')}
      </label>
      {!state.skipEmptyMacros && (
        <div class="row">
          {report.macros.map(({ path }) => (
            <label key={path}>
              {translateMailing(lang, 'emptyMacroDefault', { macro: macroName(path, lang) })}{' '}
              <input
                type="text"
                data-crm-sms="empty-macro-default"
                data-path={path}
                value={state.defaults[path] ?? ''}
                maxLength={200}
                disabled={state.refreshing || state.launching}
                onInput={(e) => onDefault?.(path, (e.currentTarget as HTMLInputElement).value)}
              />
            </label>
          ))}
          <button type="button" data-crm-sms="apply-defaults" disabled={!typed || state.refreshing || state.launching} onClick={(e) => onApply?.(e)}>
            {translateMailing(lang, 'applyDefaults')}
          </button>
        </div>
      )}
    </div>
  );
}
