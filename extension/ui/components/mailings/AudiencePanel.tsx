import type { ComponentChildren } from 'preact';
import type { PreflightView } from '../../../../shared/mailings';
import { pickError, translateMailing, type Language } from '../../../i18n/texts';
import type { UiError } from '../../../messaging/protocol';
import type { GroupView } from '../../../../shared/groups';
import { SkippedCounts } from './SkippedCounts';

interface Props {
  language: Language;
  /** False until the mailing is saved (the audience belongs to a saved mailing). */
  ready: boolean;
  editable: boolean;
  contacts: { crmId: string; name: string }[];
  groups: GroupView[] | null;
  groupCounts: Record<string, number>;
  selectedGroups: string[];
  preflight: PreflightView | null;
  error: UiError | null;
  /** The contact picker that adds single contacts. */
  contactPicker: ComponentChildren;
  /** The group editor, when open. */
  groupEditor: ComponentChildren;
  onRemoveContact(crmId: string): void;
  onGroup(groupId: string, included: boolean): void;
  onNewGroup(): void;
  onEditGroup(group: GroupView): void;
}

/** «Аудитория» (S8): single contacts, contact groups (with their editor), and who a launch would skip. */
export function AudiencePanel(props: Props) {
  const { language: lang, ready, editable, preflight } = props;
  if (!ready) {
    return (
      <section class="panel" data-crm-sms="audience">
        <h3>{translateMailing(lang, 'audience')}</h3>
        <p class="hint">{translateMailing(lang, 'audienceSaveFirst')}</p>
      </section>
    );
  }
  return (
    <section class="panel" data-crm-sms="audience">
      <h3>{translateMailing(lang, 'audience')}</h3>
      {props.error && (
        <p class="error" data-crm-sms="audience-error">
          {pickError(lang, props.error)}
        </p>
      )}
      <div class="audience-columns">
        <div>
          <h4>{translateMailing(lang, 'audienceContacts')}</h4>
          {props.contacts.length === 0 && <p class="hint">{translateMailing(lang, 'noAudienceContacts')}</p>}
          <ul class="chips">
            {props.contacts.map((c) => (
              <li key={c.crmId} data-crm-sms="audience-contact" data-crm-id={c.crmId}>
                {c.name || c.crmId}
                {editable && (
                  <button type="button" class="tool" aria-label={translateMailing(lang, 'remove')} onClick={() => props.onRemoveContact(c.crmId)}>
                    ×
                  </button>
                )}
              </li>
            ))}
          </ul>
          {editable && props.contactPicker}
        </div>
        <div>
          <h4>{translateMailing(lang, 'audienceGroups')}</h4>
          {props.groups?.length === 0 && <p class="hint">{translateMailing(lang, 'noGroups')}</p>}
          <ul class="group-list">
            {props.groups?.map((g) => (
              <li key={g.id} data-crm-sms="group-row" data-id={g.id}>
                <label class="inline">
                  <input
                    type="checkbox"
                    data-crm-sms="group-include"
                    checked={props.selectedGroups.includes(g.id)}
                    disabled={!editable}
                    onChange={(e) => props.onGroup(g.id, (e.target as HTMLInputElement).checked)}
                  />
                  {g.name}
                </label>
                <small class="hint">
                  {translateMailing(lang, g.kind === 'dynamic' ? 'groupDynamic' : 'groupStatic')} ·{' '}
                  {translateMailing(lang, 'groupMembers', { count: props.groupCounts[g.id] ?? '…' })}
                </small>
                <button type="button" class="link" onClick={() => props.onEditGroup(g)}>
                  {translateMailing(lang, 'editGroup')}
                </button>
              </li>
            ))}
          </ul>
          {props.groupEditor ?? (
            <button type="button" data-crm-sms="new-group" onClick={props.onNewGroup}>
              {translateMailing(lang, 'newGroup')}
            </button>
          )}
        </div>
      </div>
      {preflight && (
        <div class="preflight" data-crm-sms="audience-preflight">
          <p>
            {translateMailing(lang, 'recipients')}: <b data-crm-sms="preflight-recipients">{preflight.recipients}</b>
          </p>
          <h4>{translateMailing(lang, 'skipped')}</h4>
          <SkippedCounts language={lang} skipped={preflight.skipped} />
        </div>
      )}
    </section>
  );
}
