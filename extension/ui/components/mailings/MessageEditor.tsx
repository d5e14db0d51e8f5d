import { useRef } from 'preact/hooks';
import type { TextLengthsView } from '../../../../shared/mailings';
import type { SegmentInfo } from '../../../../shared/segments';
import { formatNumber } from '../../../i18n/format';
import { pickError, translateMailing, type Language } from '../../../i18n/texts';
import type { UiError } from '../../../messaging/protocol';
import type { MacroDefinition } from '../../../../shared/macros';
import { macroTag } from '../../../../shared/macros';
import { insertAtCursor } from '../../mailings/insert-at-cursor';
import { lengthsText } from '../../mailings/preflight-words';
import { SegmentCounter } from '../SegmentCounter';
import { MacroPicker } from './MacroPicker';

export interface MacroPickerProps {
  open: boolean;
  macros: MacroDefinition[];
  query: string;
  loading: boolean;
  error: UiError | null;
  onShow(): void;
  onHide(): void;
  onQuery(query: string): void;
}

interface Props {
  language: Language;
  text: string;
  segments: SegmentInfo;
  error: UiError | undefined;
  disabled: boolean;
  picker: MacroPickerProps;
  /** The recipients' messages of this text, shortest to longest, once the mailing has an audience (null: none yet). */
  rendered?: TextLengthsView | null;
  onChange(text: string): void;
}

/**
 * «Текст сообщения» with the live counter and the magnifier that opens the macro picker; the chosen
 * macro goes where the caret was (replacing a selection). Once there is an audience, the counter is
 * that of the messages the recipients get (shortest–longest), with the template's own below it.
 */
export function MessageEditor({ language: lang, text, segments, error, disabled, picker, rendered, onChange }: Props) {
  const area = useRef<HTMLTextAreaElement>(null);
  function insert(macro: MacroDefinition): void {
    const el = area.current;
    const next = insertAtCursor(text, el?.selectionStart ?? text.length, el?.selectionEnd ?? text.length, macroTag(macro.path));
    picker.onHide();
    onChange(next.text);
    requestAnimationFrame(() => {
      el?.focus();
      el?.setSelectionRange(next.caret, next.caret);
    });
  }
  return (
    <div class="field">
      <label for="mailing-text">{translateMailing(lang, 'messageText')}</label>
      <div class="text-with-tool">
        <textarea
          id="mailing-text"
          ref={area}
          data-crm-sms="mailing-text"
          rows={5}
          value={text}
          disabled={disabled}
          aria-invalid={Boolean(error)}
          onInput={(e) => onChange((e.target as HTMLTextAreaElement).value)}
        />
        <button
          type="button"
          class="tool"
          data-crm-sms="macro-button"
          title={translateMailing(lang, 'macroPick')}
          aria-label={translateMailing(lang, 'macroPick')}
          disabled={disabled}
          onClick={picker.onShow}
        >
          <svg viewBox="0 0 16 16" width="16" height="16" aria-hidden="true">
            <circle cx="6.5" cy="6.5" r="4.5" fill="none" stroke="currentColor" stroke-width="1.6" />
            <path d="M10 10l4.5 4.5" stroke="currentColor" stroke-width="1.6" stroke-linecap="round" />
          </svg>
        </button>
      </div>
      {/* Always a line once the card passes `rendered`: the buttons below do not jump when the lengths come. */}
      {rendered !== undefined && !rendered?.lengths && (
        <div class="hint" data-crm-sms="rendered-counter-none">
          {translateMailing(lang, 'renderedPending')}
        </div>
      )}
      {rendered?.lengths && (
        <div
          class="crm-sms-counter"
          data-crm-sms="rendered-counter"
          data-min={rendered.lengths.characters.min}
          data-max={rendered.lengths.characters.max}
          data-parts={`${rendered.lengths.parts.min}-${rendered.lengths.parts.max}`}
          data-encoding={rendered.lengths.encodings.join(' ')}
        >
          {translateMailing(lang, 'renderedCounter', { recipients: formatNumber(rendered.recipients, lang), lengths: lengthsText(rendered.lengths, lang) })}
        </div>
      )}
      {rendered?.lengths && <small class="hint">{translateMailing(lang, 'templateCounter')}</small>}
      <SegmentCounter info={segments} language={lang} />
      {error && (
        <div class="error" data-crm-sms="error-text">
          {pickError(lang, error)}
        </div>
      )}
      {picker.open && (
        <MacroPicker
          language={lang}
          macros={picker.macros}
          query={picker.query}
          loading={picker.loading}
          error={picker.error}
          onQuery={picker.onQuery}
          onPick={insert}
          onClose={picker.onHide}
        />
      )}
    </div>
  );
}
