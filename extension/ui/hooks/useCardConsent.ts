import { useEffect, useState } from 'preact/hooks';
import type { ConsentRecord } from '../../../shared/consent';
import { relay } from '../../messaging/client';
import type { UiError } from '../../messaging/protocol';
import { isUserGesture } from '../user-gesture';

export type CardConsentState =
  | { state: 'loading' }
  /** current: the latest record, null when none was ever made. */
  | { state: 'known'; current: ConsentRecord | null }
  | { state: 'error'; error: UiError };

/**
 * The contact's consent to advertising in the card's dialog (GET /api/contacts/:crmId/consent), and the
 * agent's record of it given or withdrawn, with a comment (PUT …/consent, source "agent"), on a real click.
 */
export function useCardConsent(crmId: string) {
  const [consent, setConsent] = useState<CardConsentState>({ state: 'loading' });
  /** The change being written down: what it records and the comment so far. */
  const [draft, setDraft] = useState<{ granted: boolean; comment: string } | null>(null);
  const [saving, setSaving] = useState(false);
  const [saveError, setSaveError] = useState<UiError | null>(null);

  useEffect(() => {
    void relay.contacts[':crmId'].consent.$get({ param: { crmId } }).then((result) => {
      setConsent(result.ok ? { state: 'known', current: result.value.current } : { state: 'error', error: result.error });
    });
  }, [crmId]);

  const granted = consent.state === 'known' && consent.current?.granted === true;

  return {
    consent,
    draft,
    saving,
    saveError,
    /** Opens the form for the change that applies now: a withdrawal of a given consent, else a consent. */
    start: () => {
      setDraft({ granted: !granted, comment: '' });
      setSaveError(null);
    },
    onComment: (comment: string) => setDraft((d) => d && { ...d, comment }),
    cancel: () => setDraft(null),
    async save(event: Event): Promise<void> {
      if (!draft || saving || !isUserGesture(event)) return;
      setSaving(true);
      setSaveError(null);
      const comment = draft.comment.trim();
      const result = await relay.contacts[':crmId'].consent.$put({
        param: { crmId },
        json: { granted: draft.granted, source: 'agent', ...(comment ? { comment } : {}) },
      });
      setSaving(false);
      if (!result.ok) return setSaveError(result.error);
      setConsent({ state: 'known', current: result.value.current });
      setDraft(null);
    },
  };
}

export type CardConsent = ReturnType<typeof useCardConsent>;
