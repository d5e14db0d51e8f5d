import { NoticeModal } from '../NoticeModal';
import { pickError, translateMailing, type Language } from '../../../i18n/texts';
import type { LaunchState } from '../../hooks/mailings/useLaunch';
import { formatDateTime } from '../../mailings/datetime';
import { Modal } from './Modal';
import { SkippedCounts } from './SkippedCounts';

interface Props {
  language: Language;
  state: Exclude<LaunchState, { step: 'closed' }>;
  onConfirm(event: Event): void;
  onClose(): void;
}

const money = (value: number | null, currency: string | null, unknown: string) => (value === null ? unknown : `${value.toFixed(2)} ${currency ?? ''}`.trim());

/** The launch: the preflight figures to confirm, then «Рассылка запущена». */
export function LaunchDialog({ language: lang, state, onConfirm, onClose }: Props) {
  if (state.step === 'launched') {
    const text = translateMailing(lang, 'mailingLaunched');
    const when = state.mailing.status === 'scheduled' ? ` ${translateMailing(lang, 'startsAt', { date: formatDateTime(state.mailing.startAt, lang) })}` : '';
    return <NoticeModal text={`${text}${when}`} closeLabel={translateMailing(lang, 'close')} onClose={onClose} />;
  }
  const title = translateMailing(lang, 'launchConfirmTitle');
  if (state.step !== 'confirm') {
    return (
      <Modal title={title} name="launch-confirm" closeLabel={translateMailing(lang, 'close')} onClose={onClose}>
        {state.step === 'checking' ? <p class="hint">{translateMailing(lang, 'loading')}</p> : <p class="error" data-crm-sms="launch-error">{pickError(lang, state.error)}</p>}
      </Modal>
    );
  }
  const { preflight: p } = state;
  return (
    <Modal
      title={title}
      name="launch-confirm"
      closeLabel={translateMailing(lang, 'close')}
      onClose={onClose}
      footer={
        <>
          <span class="crm-sms-spacer" />
          <button type="button" onClick={onClose}>{translateMailing(lang, 'cancel')}</button>
          <button type="button" class="crm-sms-primary" data-crm-sms="launch-confirm-button" disabled={state.launching || p.recipients === 0} onClick={onConfirm}>
            {translateMailing(lang, 'confirmLaunch')}
          </button>
        </>
      }
    >
      <dl class="figures" data-crm-sms="launch-figures">
        <div><dt>{translateMailing(lang, 'recipients')}</dt><dd data-crm-sms="launch-recipients">{p.recipients}</dd></div>
        <div><dt>{translateMailing(lang, 'totalParts')}</dt><dd data-crm-sms="launch-parts">{p.totalParts}</dd></div>
        <div><dt>{translateMailing(lang, 'estimatedCost')}</dt><dd data-crm-sms="launch-cost">{money(p.estimatedCost, p.currency, translateMailing(lang, 'costUnknown'))}</dd></div>
        <div><dt>{translateMailing(lang, 'balance')}</dt><dd data-crm-sms="launch-balance">{money(p.balance, p.currency, translateMailing(lang, 'balanceUnknown'))}</dd></div>
        {p.budgetCap !== null && <div><dt>{translateMailing(lang, 'budgetCap')}</dt><dd>{money(p.budgetCap, p.currency, '')}</dd></div>}
      </dl>
      <h4>{translateMailing(lang, 'skipped')}</h4>
      <SkippedCounts language={lang} skipped={p.skipped} />
      {p.problems.length > 0 && (
        <div class="crm-sms-flag" data-crm-sms="launch-problems">
          <b>{translateMailing(lang, 'problems')}</b>
          <ul>{p.problems.map((problem) => <li key={problem.code}>{pickError(lang, problem)}</li>)}</ul>
        </div>
      )}
      {state.error && <p class="error" data-crm-sms="launch-error" role="alert">{pickError(lang, state.error)}</p>}
    </Modal>
  );
}
