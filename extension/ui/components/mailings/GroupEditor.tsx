import type { ComponentChildren } from 'preact';
import { pickError, translateMailing, type Language } from '../../../i18n/texts';
import type { UiError } from '../../../messaging/protocol';
import type { ContactFilter } from '../../../../shared/contact-filter';
import type { GroupKind } from '../../../../shared/groups';
import type { GroupDraft, LiveCount } from '../../hooks/mailings/useGroupEditor';
import { FilterEditor } from './FilterEditor';

interface Props {
  language: Language;
  draft: GroupDraft;
  count: LiveCount;
  error: UiError | null;
  saving: boolean;
  /** The contact picker for a static group's members. */
  picker: ComponentChildren;
  onName(name: string): void;
  onKind(kind: GroupKind): void;
  onFilter(filter: ContactFilter): void;
  onRemoveContact(crmId: string): void;
  onSave(): void;
  onCancel(): void;
}

/** A contact group: name, static or dynamic; rules with the live count, or members. */
export function GroupEditor({ language: lang, draft, count, error, saving, picker, onName, onKind, onFilter, onRemoveContact, onSave, onCancel }: Props) {
  return (
    <div class="group-editor" data-crm-sms="group-editor">
      <div class="form-grid">
        <label>
          {translateMailing(lang, 'groupName')}
          <input data-crm-sms="group-name" value={draft.name} onInput={(e) => onName((e.target as HTMLInputElement).value)} />
        </label>
        <label>
          {translateMailing(lang, 'groupKind')}
          <select data-crm-sms="group-kind" value={draft.kind} disabled={draft.id !== null} onChange={(e) => onKind((e.target as HTMLSelectElement).value as GroupKind)}>
            <option value="dynamic">{translateMailing(lang, 'groupDynamic')}</option>
            <option value="static">{translateMailing(lang, 'groupStatic')}</option>
          </select>
        </label>
      </div>
      {draft.kind === 'dynamic' ? (
        <FilterEditor language={lang} filter={draft.filter} onChange={onFilter} />
      ) : (
        <div class="members">
          <h4>{translateMailing(lang, 'groupContacts')}</h4>
          <ul class="chips">
            {draft.contacts.map((c) => (
              <li key={c.crmId} data-crm-sms="group-member">
                {c.name || c.crmId}
                <button type="button" class="tool" aria-label={translateMailing(lang, 'remove')} onClick={() => onRemoveContact(c.crmId)}>
                  ×
                </button>
              </li>
            ))}
          </ul>
          {picker}
        </div>
      )}
      <p class="live-count" data-crm-sms="group-count" data-count={count.state === 'done' ? count.count : ''} aria-live="polite">
        {count.state === 'counting' && translateMailing(lang, 'counting')}
        {count.state === 'incomplete' && <span class="hint">{translateMailing(lang, 'fillRuleValues')}</span>}
        {count.state === 'done' && translateMailing(lang, 'liveCount', { count: count.count })}
        {count.state === 'error' && <span class="error">{pickError(lang, count.error)}</span>}
      </p>
      {error && (
        <p class="error" data-crm-sms="group-error">
          {pickError(lang, error)}
        </p>
      )}
      <div class="row">
        <button type="button" class="primary" data-crm-sms="group-save" disabled={saving} onClick={onSave}>
          {translateMailing(lang, 'saveGroup')}
        </button>
        <button type="button" onClick={onCancel}>
          {translateMailing(lang, 'cancel')}
        </button>
      </div>
    </div>
  );
}
