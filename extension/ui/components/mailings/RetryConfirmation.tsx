import { formatNumber } from '../../../i18n/format';
import { translateMailing, type Language } from '../../../i18n/texts';

interface Props {
  language: Language;
  /** Recipients still of unknown fate: the retry may reach them a second time. */
  unresolved: number;
  onConfirm(event: Event): void;
  onKeep(): void;
}

/** The question before a retry that re-sends recipients whose messages may already have gone. */
export function RetryConfirmation({ language, unresolved, onConfirm, onKeep }: Props) {
  return (
    <div class="crm-sms-flag" role="alert" data-crm-sms="retry-confirmation">
      <p>{translateMailing(language, 'retryUnknownQuestion', { count: formatNumber(unresolved, language) })}</p>
      <div class="row">
        <button type="button" class="danger" data-crm-sms="retry-confirm" onClick={onConfirm}>
          {translateMailing(language, 'retryConfirm')}
        </button>
        <button type="button" data-crm-sms="retry-keep" onClick={onKeep}>
          {translateMailing(language, 'retryKeep')}
        </button>
      </div>
    </div>
  );
}
