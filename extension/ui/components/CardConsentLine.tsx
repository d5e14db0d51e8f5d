import { CONSENT_SOURCE_LABELS } from '../../../shared/consent';
import { pickError, translate, type Language } from '../../i18n/texts';
import type { CardConsent } from '../hooks/useCardConsent';
import { formatDateTime } from '../mailings/datetime';

type Props = { language: Language; onSave(event: Event): void } & Pick<CardConsent, 'consent' | 'draft' | 'saving' | 'saveError' | 'start' | 'onComment' | 'cancel'>;

/** «Согласие на рекламу: есть, с 24.11.2026, 13:00, Менеджер в карточке», and the agent's way to record a change. */
export function CardConsentLine({ language: lang, consent, draft, saving, saveError, start, onComment, cancel, onSave }: Props) {
  const current = consent.state === 'known' ? consent.current : null;
  const state = translate(lang, current?.granted ? 'consentGiven' : 'consentNone');
  const line = current ? translate(lang, 'consentSince', { state, date: formatDateTime(current.at, lang), source: CONSENT_SOURCE_LABELS[current.source][lang] }) : state;
  return (
    <div class="crm-sms-tools" data-crm-sms="card-consent">
      {consent.state === 'error' ? (
        <span class="crm-sms-error" data-crm-sms="consent-error">
          {pickError(lang, consent.error)}
        </span>
      ) : (
        <span data-crm-sms="consent" data-granted={String(current?.granted ?? false)}>
          {consent.state === 'loading' ? translate(lang, 'consentLine', { state: '…' }) : translate(lang, 'consentLine', { state: line })}
          {current?.comment && <span class="crm-sms-hint"> «{current.comment}»</span>}
        </span>
      )}
      {consent.state === 'known' && !draft && (
        <button type="button" class="crm-sms-link" data-crm-sms="consent-change" onClick={start}>
          {translate(lang, current?.granted ? 'consentRecordWithdrawn' : 'consentRecordGiven')}
        </button>
      )}
      {draft && (
        <>
          <input
            data-crm-sms="consent-comment"
            aria-label={translate(lang, 'consentComment')}
            placeholder={translate(lang, 'consentComment')}
            value={draft.comment}
            onInput={(e) => onComment((e.target as HTMLInputElement).value)}
          />
          <button type="button" class="crm-sms-button" data-crm-sms="consent-save" data-granted={String(draft.granted)} disabled={saving} onClick={onSave}>
            {translate(lang, draft.granted ? 'consentRecordGiven' : 'consentRecordWithdrawn')}
          </button>
          <button type="button" class="crm-sms-link" data-crm-sms="consent-cancel" onClick={cancel}>
            {translate(lang, 'cancel')}
          </button>
        </>
      )}
      {saveError && (
        <span class="crm-sms-error" data-crm-sms="consent-save-error" role="alert">
          {pickError(lang, saveError)}
        </span>
      )}
    </div>
  );
}
