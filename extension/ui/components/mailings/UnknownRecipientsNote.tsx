import type { UnknownResolution } from '../../../../shared/mailings';
import { formatNumber } from '../../../i18n/format';
import { pickError, translateMailing, type Language } from '../../../i18n/texts';
import type { UiError } from '../../../messaging/protocol';

interface Props {
  language: Language;
  unknown: number;
  /** Whether the provider can tell what became of them. */
  unknownLookup: boolean;
  providerName: string | null;
  resolution: UnknownResolution | null;
  resolving: boolean;
  error: UiError | null;
  disabled: boolean;
  onResolve(): void;
}

/** Beside the «Неизвестно» count: what the provider can say about those recipients, or that it cannot. */
export function UnknownRecipientsNote(props: Props) {
  const { language: lang, unknown, unknownLookup, providerName, resolution } = props;
  const noLookup = providerName ? translateMailing(lang, 'unknownNoLookupNamed', { provider: providerName }) : translateMailing(lang, 'unknownNoLookup');
  return (
    <div class="unknown-note" data-crm-sms="unknown-note">
      {unknown > 0 && !unknownLookup && (
        <p class="crm-sms-flag" data-crm-sms="unknown-no-lookup">
          {noLookup}
        </p>
      )}
      {unknown > 0 && unknownLookup && (
        <button type="button" data-crm-sms="resolve-unknown" disabled={props.disabled || props.resolving} onClick={props.onResolve}>
          {translateMailing(lang, props.resolving ? 'askingProvider' : 'askProvider')}
        </button>
      )}
      {props.error && (
        <p class="error" data-crm-sms="unknown-error">
          {pickError(lang, props.error)}
        </p>
      )}
      {resolution && (
        <p data-crm-sms="unknown-resolution">
          {translateMailing(lang, 'unknownResolved', {
            sent: formatNumber(resolution.sent, lang),
            notSent: formatNumber(resolution.notSent, lang),
            unresolved: formatNumber(resolution.unresolved, lang),
          })}
        </p>
      )}
    </div>
  );
}
