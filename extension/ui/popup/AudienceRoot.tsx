import { audienceEditable } from '../../../shared/lifecycle';
import type { MailingView } from '../../../shared/mailings';
import type { Language } from '../../i18n/texts';
import { AudiencePanel } from '../components/mailings/AudiencePanel';
import { ContactPicker } from '../components/mailings/ContactPicker';
import { GroupEditor } from '../components/mailings/GroupEditor';
import { useAudience } from '../hooks/mailings/useAudience';
import { useContactSearch } from '../hooks/mailings/useContactSearch';
import { useGroupEditor } from '../hooks/mailings/useGroupEditor';
import { useGroups } from '../hooks/mailings/useGroups';
import { usePreflight } from '../hooks/mailings/usePreflight';

interface Props {
  language: Language;
  mailing: MailingView | null;
  onMailing(next: MailingView): void;
}

/** The audience of the mailing: connects the audience, groups, group editor and preflight hooks to the panel. */
export function AudienceRoot({ language, mailing, onMailing }: Props) {
  const editable = mailing ? audienceEditable(mailing.status) : false;
  const audience = useAudience(mailing, onMailing);
  const groups = useGroups();
  const editor = useGroupEditor((group) => {
    void groups.refresh();
    // A group made from the mailing's card is meant for this mailing.
    if (editable && !audience.groups.includes(group.id)) void audience.setGroup(group.id, true);
  });
  const contactSearch = useContactSearch(Boolean(mailing) && editable);
  const memberSearch = useContactSearch(editor.draft?.kind === 'static');
  const preflight = usePreflight(editable ? (mailing?.id ?? null) : null, `${mailing?.updatedAt}|${JSON.stringify(groups.counts)}`);

  return (
    <AudiencePanel
      language={language}
      ready={Boolean(mailing)}
      editable={editable}
      contacts={audience.contacts}
      groups={groups.groups}
      groupCounts={groups.counts}
      selectedGroups={audience.groups}
      preflight={editable ? preflight.preflight : null}
      error={audience.error ?? groups.error ?? (editable ? preflight.error : null)}
      contactPicker={
        <ContactPicker
          language={language}
          name="audience-picker"
          search={contactSearch}
          exclude={mailing?.audience.contacts}
          onPick={(c) => void audience.addContact(c)}
        />
      }
      groupEditor={
        editor.draft && (
          <GroupEditor
            language={language}
            draft={editor.draft}
            count={editor.count}
            error={editor.error}
            saving={editor.saving}
            picker={
              <ContactPicker
                language={language}
                name="member-picker"
                search={memberSearch}
                exclude={editor.draft.contacts.map((c) => c.crmId)}
                onPick={editor.addContact}
              />
            }
            onName={editor.setName}
            onKind={editor.setKind}
            onFilter={editor.setFilter}
            onRemoveContact={editor.removeContact}
            onSave={() => void editor.save()}
            onCancel={editor.close}
          />
        )
      }
      onRemoveContact={(crmId) => void audience.removeContact(crmId)}
      onGroup={(id, included) => void audience.setGroup(id, included)}
      onNewGroup={editor.openNew}
      onEditGroup={editor.openEdit}
    />
  );
}
