import { useEffect, useState } from 'preact/hooks';
import type { ContactView } from '../../../../shared/api';
import { ask } from '../../../messaging/client';
import type { UiError } from '../../../messaging/protocol';
import type { ContactFilter } from '../../../../shared/contact-filter';
import type { GroupKind, GroupView } from '../../../../shared/groups';
import { cleanFilter, emptyFilter, isIncomplete } from '../../mailings/filter-model';

export interface GroupDraft {
  id: string | null;
  name: string;
  kind: GroupKind;
  filter: ContactFilter;
  /** A static group's members, with names where known. */
  contacts: { crmId: string; name: string }[];
}

export type LiveCount = { state: 'idle' | 'counting' | 'incomplete' } | { state: 'done'; count: number } | { state: 'error'; error: UiError };

/**
 * The group editor (S8): name, static or dynamic; a dynamic group's rules with a live count of the
 * contacts they match (POST /api/groups/count as the rules change), a static group's members.
 */
export function useGroupEditor(onSaved: (group: GroupView) => void, delayMs = 250) {
  const [draft, setDraft] = useState<GroupDraft | null>(null);
  const [count, setCount] = useState<LiveCount>({ state: 'idle' });
  const [error, setError] = useState<UiError | null>(null);
  const [saving, setSaving] = useState(false);

  const filterKey = draft?.kind === 'dynamic' ? JSON.stringify(cleanFilter(draft.filter)) : null;
  useEffect(() => {
    if (!draft || filterKey === null) return;
    // A rule without its value is being typed: counting it would only earn a refusal.
    if (isIncomplete(draft.filter)) return setCount({ state: 'incomplete' });
    let current = true;
    setCount({ state: 'counting' });
    const timer = setTimeout(async () => {
      const result = await ask('countFilter', { filter: cleanFilter(draft.filter) });
      if (current) setCount(result.ok ? { state: 'done', count: result.value.count } : { state: 'error', error: result.error });
    }, delayMs);
    return () => {
      current = false;
      clearTimeout(timer);
    };
  }, [filterKey]);

  const update = (patch: Partial<GroupDraft>) => {
    setDraft((d) => (d ? { ...d, ...patch } : d));
    setError(null);
  };

  return {
    draft,
    count: draft?.kind === 'static' ? ({ state: 'done', count: draft.contacts.length } as LiveCount) : count,
    error,
    saving,
    openNew: () => setDraft({ id: null, name: '', kind: 'dynamic', filter: emptyFilter(), contacts: [] }),
    openEdit(group: GroupView): void {
      setDraft({
        id: group.id,
        name: group.name,
        kind: group.kind,
        filter: group.filter ?? emptyFilter(),
        contacts: group.contacts.map((crmId) => ({ crmId, name: crmId })),
      });
      // Members are kept as ids: their names come from the directory.
      void Promise.all(group.contacts.slice(0, 100).map((crmId) => ask('getContact', { crmId }))).then((answers) => {
        const names = new Map(answers.flatMap((a) => (a.ok ? [[a.value.crmId, a.value.name] as const] : [])));
        setDraft((d) => (d && d.id === group.id ? { ...d, contacts: d.contacts.map((c) => ({ ...c, name: names.get(c.crmId) ?? c.name })) } : d));
      });
    },
    close: () => setDraft(null),
    setName: (name: string) => update({ name }),
    setKind: (kind: GroupKind) => update({ kind }),
    setFilter: (filter: ContactFilter) => update({ filter }),
    addContact: (contact: ContactView) =>
      draft && !draft.contacts.some((c) => c.crmId === contact.crmId) && update({ contacts: [...draft.contacts, { crmId: contact.crmId, name: contact.name }] }),
    removeContact: (crmId: string) => draft && update({ contacts: draft.contacts.filter((c) => c.crmId !== crmId) }),
    async save(): Promise<void> {
      if (!draft) return;
      if (!draft.name.trim()) return setError({ code: 'required', message: 'Fill in the group name', messageRu: 'Заполните название группы', field: 'name' });
      if (draft.kind === 'dynamic' && isIncomplete(draft.filter)) {
        return setError({ code: 'incomplete', message: 'Fill in the value of every condition', messageRu: 'Заполните значения всех условий', field: 'filter' });
      }
      // A group keeps its kind: only a new one says which it is.
      const body =
        draft.kind === 'dynamic'
          ? { name: draft.name.trim(), filter: cleanFilter(draft.filter) }
          : { name: draft.name.trim(), contacts: draft.contacts.map((c) => c.crmId) };
      setSaving(true);
      const result = draft.id ? await ask('updateGroup', { id: draft.id, patch: body }) : await ask('createGroup', { ...body, kind: draft.kind });
      setSaving(false);
      if (!result.ok) return setError(result.error);
      setDraft(null);
      onSaved(result.value);
    },
  };
}

export type GroupEditorState = ReturnType<typeof useGroupEditor>;
