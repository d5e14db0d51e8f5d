import { useEffect, useState } from 'preact/hooks';
import { editableFields } from '../../../../shared/lifecycle';
import type { LaunchType, MailingKind, MailingView, UpdateMailingRequest } from '../../../../shared/mailings';
import { START_DATE_WORDS, startDateProblem } from '../../../../shared/start-date';
import { ask } from '../../../messaging/client';
import type { UiError } from '../../../messaging/protocol';
import { fromLocalInput, toLocalInput } from '../../mailings/datetime';

export interface MailingDraft {
  name: string;
  responsible: string;
  launchType: LaunchType;
  /** «Тип рассылки»: an advertising one goes only to contacts with a consent to advertising. */
  kind: MailingKind;
  /** The datetime-local value; '' when none. */
  startAt: string;
  text: string;
}

export type DraftField = keyof MailingDraft;
export type FieldErrors = Partial<Record<DraftField, UiError>>;

const FIELDS: DraftField[] = ['name', 'responsible', 'launchType', 'kind', 'startAt', 'text'];
const local = (code: string, message: string, messageRu: string): UiError => ({ code, message, messageRu });

const draftOf = (m: MailingView): MailingDraft => ({
  name: m.name,
  responsible: m.responsible,
  launchType: m.launchType,
  kind: m.kind,
  startAt: toLocalInput(m.startAt),
  text: m.text,
});

/** The form's own checks, in the words the relay would use; the relay checks again. */
export function validateDraft(draft: MailingDraft, now = Date.now()): FieldErrors {
  const errors: FieldErrors = {};
  if (!draft.name.trim()) errors.name = local('required', 'Fill in the name', 'Заполните поле «Название»');
  const startProblem = startDateProblem(draft.launchType, fromLocalInput(draft.startAt), now);
  if (startProblem) errors.startAt = { ...START_DATE_WORDS[startProblem].form };
  return errors;
}

/** The relay's field name ("startAt", "body.startAt", "startAt.0") as a form field, when it is one. */
const formField = (field: string | undefined): DraftField | undefined => (field ? FIELDS.find((f) => field === f || field.split(/[.[\]]/).includes(f)) : undefined);

/**
 * The mailing card's form (S4–S6): loads the mailing (or starts a new one with the current user as
 * «Ответственный»), keeps the draft, checks it, creates or updates it on the relay, and shows the
 * relay's field errors next to their fields.
 */
export function useMailingEditor(id: string | null, currentUser: string | null) {
  const [mailing, setMailing] = useState<MailingView | null>(null);
  const [draft, setDraft] = useState<MailingDraft>({ name: '', responsible: '', launchType: 'instant', kind: 'service', startAt: '', text: '' });
  const [dirty, setDirty] = useState(id === null);
  const [errors, setErrors] = useState<FieldErrors>({});
  const [error, setError] = useState<UiError | null>(null);
  const [saving, setSaving] = useState(false);
  const [savedAt, setSavedAt] = useState(0);

  useEffect(() => {
    if (!id || mailing?.id === id) return;
    void ask('getMailing', { id }).then((result) => {
      if (!result.ok) return setError(result.error);
      setMailing(result.value);
      setDraft(draftOf(result.value));
      setDirty(false);
    });
  }, [id]);

  // A new mailing's «Ответственный» is the current user until someone types another name.
  useEffect(() => {
    if (!mailing && currentUser) setDraft((d) => (d.responsible ? d : { ...d, responsible: currentUser }));
  }, [currentUser, mailing]);

  const editable = mailing ? editableFields(mailing.status) : 'all';

  function change(patch: Partial<MailingDraft>): void {
    setDraft((d) => ({ ...d, ...patch, ...(patch.launchType === 'instant' ? { startAt: '' } : {}) }));
    setDirty(true);
    setErrors((e) => Object.fromEntries(Object.entries(e).filter(([k]) => !(k in patch) && !(k === 'startAt' && 'launchType' in patch))));
    setError(null);
  }

  /** Saves the draft; the saved mailing, or null with the errors shown. */
  async function save(): Promise<MailingView | null> {
    const found = validateDraft(draft);
    setErrors(found);
    if (Object.keys(found).length > 0) return null;
    setSaving(true);
    setError(null);
    const startAt = fromLocalInput(draft.startAt);
    const body = {
      name: draft.name.trim(),
      responsible: draft.responsible.trim() || undefined,
      launchType: draft.launchType,
      kind: draft.kind,
      text: draft.text,
    };
    const result = !mailing
      ? await ask('createMailing', { ...body, ...(draft.launchType === 'deferred' && startAt ? { startAt } : {}) })
      : await ask('updateMailing', {
          id: mailing.id,
          patch: (editable === 'text' ? { text: draft.text } : { ...body, startAt: draft.launchType === 'deferred' ? startAt : null }) satisfies UpdateMailingRequest,
        });
    setSaving(false);
    if (!result.ok) {
      const field = formField(result.error.field);
      if (field) setErrors({ [field]: result.error });
      else setError(result.error);
      return null;
    }
    setMailing(result.value);
    setDirty(false);
    setSavedAt(Date.now());
    return result.value;
  }

  return {
    mailing,
    draft,
    dirty,
    errors,
    error,
    saving,
    saved: savedAt > 0 && !dirty,
    editable,
    change,
    save,
    /** The mailing as saved, saving the draft first when it changed. */
    ensureSaved: async (): Promise<MailingView | null> => (mailing && !dirty ? mailing : save()),
    /** A newer view of the mailing from the relay (after an action or an audience change). */
    replace(next: MailingView): void {
      setMailing(next);
      if (!dirty) setDraft(draftOf(next));
    },
  };
}

export type MailingEditor = ReturnType<typeof useMailingEditor>;
