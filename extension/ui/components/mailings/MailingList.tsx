import { showsAnalytics } from '../../../../shared/lifecycle';
import { LAUNCH_TYPE_LABELS, MAILING_STATUS_LABELS, type MailingView } from '../../../../shared/mailings';
import { formatNumber } from '../../../i18n/format';
import { pickError, translateMailing, type Language } from '../../../i18n/texts';
import type { UiError } from '../../../messaging/protocol';
import { progressOf } from '../../mailings/counters';
import { formatDateTime } from '../../mailings/datetime';
import { ProgressBar } from './ProgressBar';

interface Props {
  language: Language;
  mailings: MailingView[] | null;
  error: UiError | null;
  onOpen(id: string): void;
  onAdd(): void;
}

/** The registry of mailings (S3) with [Добавить]. */
export function MailingList({ language: lang, mailings, error, onOpen, onAdd }: Props) {
  return (
    <section class="mailings" data-crm-sms="mailings">
      <header class="section-head">
        <h2>{translateMailing(lang, 'mailings')}</h2>
        <button type="button" class="primary" data-crm-sms="add-mailing" onClick={onAdd}>
          {translateMailing(lang, 'add')}
        </button>
      </header>
      {error && (
        <p class="error" data-crm-sms="mailings-error">
          {pickError(lang, error)}
        </p>
      )}
      {mailings === null && !error && <p class="hint">{translateMailing(lang, 'loading')}</p>}
      {mailings?.length === 0 && (
        <p class="hint" data-crm-sms="no-mailings">
          {translateMailing(lang, 'noMailings')}
        </p>
      )}
      {mailings && mailings.length > 0 && (
        <table class="grid">
          <thead>
            <tr>
              <th>{translateMailing(lang, 'fieldName')}</th>
              <th>{translateMailing(lang, 'colStatus')}</th>
              <th class="wide">{translateMailing(lang, 'fieldLaunchType')}</th>
              <th class="wide">{translateMailing(lang, 'fieldStartAt')}</th>
              <th class="wide">{translateMailing(lang, 'fieldResponsible')}</th>
              <th>{translateMailing(lang, 'colProgress')}</th>
            </tr>
          </thead>
          <tbody>
            {mailings.map((m) => {
              const progress = progressOf(m.counters);
              return (
                <tr key={m.id} data-crm-sms="mailing-row" data-id={m.id} data-status={m.status} onClick={() => onOpen(m.id)}>
                  <td>
                    <button type="button" class="link" onClick={() => onOpen(m.id)}>
                      {m.name}
                    </button>
                  </td>
                  <td>
                    {MAILING_STATUS_LABELS[m.status][lang]}
                    {m.statusReason && (
                      <div class="hint" data-crm-sms="mailing-status-reason">
                        {pickError(lang, m.statusReason)}
                      </div>
                    )}
                  </td>
                  <td class="wide">{LAUNCH_TYPE_LABELS[m.launchType][lang]}</td>
                  <td class="wide">{formatDateTime(m.startAt ?? m.launchedAt, lang)}</td>
                  <td class="wide">{m.responsible}</td>
                  <td>
                    {showsAnalytics(m.status) ? (
                      <ProgressBar ratio={progress.ratio} label={`${formatNumber(progress.done, lang)} / ${formatNumber(progress.toSend, lang)}`} />
                    ) : (
                      ''
                    )}
                  </td>
                </tr>
              );
            })}
          </tbody>
        </table>
      )}
    </section>
  );
}
