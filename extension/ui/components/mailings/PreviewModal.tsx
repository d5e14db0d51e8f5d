import type { ComponentChildren } from 'preact';
import { SKIP_REASON_LABELS } from '../../../../shared/mailings';
import { pickError, translateMailing, type Language } from '../../../i18n/texts';
import type { PreviewState } from '../../hooks/mailings/usePreview';
import { Modal } from './Modal';

/** E.164 digits with their plus; anything else as it came. */
const displayPhone = (phone: string) => (/^\d+$/.test(phone) ? `+${phone}` : phone);

interface Props {
  language: Language;
  state: Exclude<PreviewState, { step: 'closed' }>;
  /** The contact picker, shown at the pick step. */
  picker: ComponentChildren;
  onAgain(): void;
  onClose(): void;
}

/** «Проверить»: pick a contact, then the message exactly as that contact gets it, its parts and encoding. */
export function PreviewModal({ language: lang, state, picker, onAgain, onClose }: Props) {
  return (
    <Modal
      title={translateMailing(lang, 'checkTitle')}
      name="preview"
      closeLabel={translateMailing(lang, 'close')}
      onClose={onClose}
      footer={
        <>
          {state.step !== 'pick' && <button type="button" data-crm-sms="preview-again" onClick={onAgain}>{translateMailing(lang, 'otherContact')}</button>}
          <span class="crm-sms-spacer" />
          <button type="button" onClick={onClose}>{translateMailing(lang, 'close')}</button>
        </>
      }
    >
      {state.step === 'pick' && (
        <>
          <p class="hint">{translateMailing(lang, 'pickContact')}</p>
          {picker}
        </>
      )}
      {state.step === 'loading' && <p class="hint">{translateMailing(lang, 'loading')}</p>}
      {state.step === 'error' && <p class="error" data-crm-sms="preview-error">{pickError(lang, state.error)}</p>}
      {state.step === 'done' && (
        <div data-crm-sms="preview-result">
          <h3 data-crm-sms="preview-contact">{state.contact.name || state.contact.crmId}</h3>
          <pre class="sms-text" data-crm-sms="preview-text">{state.preview.text}</pre>
          <p class="hint" data-crm-sms="preview-info" data-parts={state.preview.parts} data-encoding={state.preview.encoding}>
            {translateMailing(lang, 'previewInfo', { phone: state.preview.phone ? displayPhone(state.preview.phone) : translateMailing(lang, 'noNumber'), parts: state.preview.parts, encoding: state.preview.encoding })}
          </p>
          {state.preview.estimatedCost !== null && (
            <p class="hint">{translateMailing(lang, 'previewCost', { cost: state.preview.estimatedCost.toFixed(2), currency: state.preview.currency ?? '' })}</p>
          )}
          {state.preview.skipReason && (
            <p class="crm-sms-flag" data-crm-sms="preview-skip">{translateMailing(lang, 'previewSkipped', { reason: SKIP_REASON_LABELS[state.preview.skipReason][lang] })}</p>
          )}
        </div>
      )}
    </Modal>
  );
}
