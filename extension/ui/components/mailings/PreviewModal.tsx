import type { ComponentChildren } from 'preact';
import { SKIP_REASON_LABELS, type PreviewView } from '../../../../shared/mailings';
import { formatMoney } from '../../../i18n/format';
import { pickError, translateMailing, type Language } from '../../../i18n/texts';
import type { PreviewState } from '../../hooks/mailings/usePreview';
import { macroName } from '../../mailings/preflight-words';
import { displayPhone } from '../../../../shared/phone-display';
import { Modal } from './Modal';

interface Props {
  language: Language;
  state: Exclude<PreviewState, { step: 'closed' }>;
  /** The contact picker, shown at the pick step. */
  picker: ComponentChildren;
  onAgain(): void;
  onClose(): void;
}

/** Where a macro put nothing: a marked gap in the text (it adds no characters), named on hover. */
const EMPTY_MARK = { background: '#fde68a', outline: '1px dashed #b45309', padding: '0 0.35em', borderRadius: '2px' };

function MarkedText({ preview, language: lang }: { preview: PreviewView; language: Language }) {
  return (
    <pre class="sms-text" data-crm-sms="preview-text">
      {/* A relay from before empty macros were marked sends the text alone. */}
      {(preview.pieces ?? [{ text: preview.text }]).map((piece, i) =>
        'text' in piece ? (
          piece.text
        ) : (
          <mark key={i} class="empty-macro" data-crm-sms="empty-macro" data-macro={piece.emptyMacro} title={macroName(piece.emptyMacro, lang)} style={EMPTY_MARK} />
        ),
      )}
    </pre>
  );
}

/**
 * «Проверить»: pick a contact, then the message exactly as that contact gets it, its parts and
 * encoding; a macro that put nothing in the text is marked where it stands, and named.
 */
export function PreviewModal({ language: lang, state, picker, onAgain, onClose }: Props) {
  return (
    <Modal
      title={translateMailing(lang, 'checkTitle')}
      name="preview"
      closeLabel={translateMailing(lang, 'close')}
      onClose={onClose}
      footer={
        <>
          {state.step !== 'pick' && (
            <button type="button" data-crm-sms="preview-again" onClick={onAgain}>
              {translateMailing(lang, 'otherContact')}
            </button>
          )}
          <span class="crm-sms-spacer" />
          <button type="button" onClick={onClose}>
            {translateMailing(lang, 'close')}
          </button>
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
      {state.step === 'error' && (
        <p class="error" data-crm-sms="preview-error">
          {pickError(lang, state.error)}
        </p>
      )}
      {state.step === 'done' && (
        <div data-crm-sms="preview-result">
          <h3 data-crm-sms="preview-contact">{state.contact.name || state.contact.crmId}</h3>
          <MarkedText preview={state.preview} language={lang} />
          {(state.preview.emptyMacros?.length ?? 0) > 0 && (
            <p class="crm-sms-flag" data-crm-sms="preview-empty-macros">
              {translateMailing(lang, 'previewEmptyMacro', {
                macros: state.preview.emptyMacros.map((path) => (lang === 'ru' ? `«${macroName(path, lang)}»` : `"${macroName(path, lang)}"`)).join(', '),
              })}
            </p>
          )}
          <p class="hint" data-crm-sms="preview-info" data-parts={state.preview.parts} data-encoding={state.preview.encoding}>
            {translateMailing(lang, 'previewInfo', {
              phone: state.preview.phone ? displayPhone(state.preview.phone) : translateMailing(lang, 'noNumber'),
              parts: state.preview.parts,
              encoding: state.preview.encoding,
            })}
          </p>
          {state.preview.estimatedCost !== null && (
            <p class="hint" data-crm-sms="preview-cost">
              {translateMailing(lang, 'previewCost', { cost: formatMoney(state.preview.estimatedCost, state.preview.currency, lang) })}
            </p>
          )}
          {state.preview.skipReason && (
            <p class="crm-sms-flag" data-crm-sms="preview-skip">
              {translateMailing(lang, 'previewSkipped', { reason: SKIP_REASON_LABELS[state.preview.skipReason][lang] })}
            </p>
          )}
        </div>
      )}
    </Modal>
  );
}
