import type { ComponentChildren } from 'preact';
import type { EditScope } from '../../../../shared/lifecycle';
import { LAUNCH_TYPES, LAUNCH_TYPE_LABELS, MAILING_KINDS, MAILING_KIND_LABELS, type LaunchType, type MailingKind } from '../../../../shared/mailings';
import { pickError, translateMailing, type Language } from '../../../i18n/texts';
import type { UiError } from '../../../messaging/protocol';
import type { FieldErrors, MailingDraft } from '../../hooks/mailings/useMailingEditor';

interface Props {
  language: Language;
  draft: MailingDraft;
  errors: FieldErrors;
  error: UiError | null;
  editable: EditScope;
  saving: boolean;
  saved: boolean;
  /** The message editor (text, counter, macro picker). */
  editor: ComponentChildren;
  onChange(patch: Partial<MailingDraft>): void;
  onSave(): void;
  onCheck(): void;
}

function FieldError({ language, error, name }: { language: Language; error: UiError | undefined; name: string }) {
  return error ? (
    <div class="error" data-crm-sms={`error-${name}`}>
      {pickError(language, error)}
    </div>
  ) : null;
}

/** The mailing card (S4–S7): «Название», «Ответственный», «Тип запуска», «Тип рассылки», «Дата начала», the text; [Сохранить] [Проверить]. */
export function MailingForm({ language: lang, draft, errors, error, editable, saving, saved, editor, onChange, onSave, onCheck }: Props) {
  const locked = editable !== 'all';
  const value = (e: Event) => (e.target as HTMLInputElement).value;
  return (
    <form
      class="mailing-form"
      data-crm-sms="mailing-form"
      onSubmit={(e) => {
        e.preventDefault();
        onSave();
      }}
    >
      {editable === 'none' && <p class="hint">{translateMailing(lang, 'editLocked')}</p>}
      {editable === 'text' && <p class="hint">{translateMailing(lang, 'editTextOnly')}</p>}
      <div class="form-grid">
        <label>
          {translateMailing(lang, 'fieldName')}
          <input data-crm-sms="mailing-name" value={draft.name} disabled={locked} aria-invalid={Boolean(errors.name)} onInput={(e) => onChange({ name: value(e) })} />
          <FieldError language={lang} error={errors.name} name="name" />
        </label>
        <label>
          {translateMailing(lang, 'fieldResponsible')}
          <input data-crm-sms="mailing-responsible" value={draft.responsible} disabled={locked} onInput={(e) => onChange({ responsible: value(e) })} />
          <FieldError language={lang} error={errors.responsible} name="responsible" />
        </label>
        <label>
          {translateMailing(lang, 'fieldLaunchType')}
          <select data-crm-sms="mailing-launch-type" value={draft.launchType} disabled={locked} onChange={(e) => onChange({ launchType: value(e) as LaunchType })}>
            {LAUNCH_TYPES.map((t) => (
              <option key={t} value={t}>
                {LAUNCH_TYPE_LABELS[t][lang]}
              </option>
            ))}
          </select>
          <FieldError language={lang} error={errors.launchType} name="launchType" />
        </label>
        <label>
          {translateMailing(lang, 'fieldKind')}
          <select data-crm-sms="mailing-kind" value={draft.kind} disabled={locked} onChange={(e) => onChange({ kind: value(e) as MailingKind })}>
            {MAILING_KINDS.map((k) => (
              <option key={k} value={k}>
                {MAILING_KIND_LABELS[k][lang]}
              </option>
            ))}
          </select>
          <FieldError language={lang} error={errors.kind} name="kind" />
        </label>
        <label>
          {translateMailing(lang, 'fieldStartAt')}
          <input
            type="datetime-local"
            data-crm-sms="mailing-start-at"
            value={draft.startAt}
            disabled={locked || draft.launchType === 'instant'}
            required={draft.launchType === 'deferred'}
            aria-invalid={Boolean(errors.startAt)}
            onInput={(e) => onChange({ startAt: value(e) })}
          />
          <FieldError language={lang} error={errors.startAt} name="startAt" />
        </label>
      </div>
      {draft.kind === 'advertising' && (
        <p class="hint" data-crm-sms="mailing-kind-hint">
          {translateMailing(lang, 'kindAdvertisingHint')}
        </p>
      )}
      {editor}
      {error && (
        <p class="error" data-crm-sms="mailing-error" role="alert">
          {pickError(lang, error)}
        </p>
      )}
      <div class="row">
        <button type="submit" class="primary" data-crm-sms="mailing-save" disabled={editable === 'none' || saving}>
          {translateMailing(lang, 'save')}
        </button>
        <button type="button" data-crm-sms="mailing-check" disabled={saving} onClick={onCheck}>
          {translateMailing(lang, 'check')}
        </button>
        {saved && (
          <span class="ok" data-crm-sms="mailing-saved">
            {translateMailing(lang, 'saved')}
          </span>
        )}
      </div>
    </form>
  );
}
