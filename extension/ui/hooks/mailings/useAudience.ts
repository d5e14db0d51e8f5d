import { useEffect, useState } from 'preact/hooks';
import type { ContactView } from '../../../../shared/api';
import type { MailingView } from '../../../../shared/mailings';
import { ask } from '../../../messaging/client';
import type { UiError } from '../../../messaging/protocol';

/**
 * A mailing's audience (S8): single contacts and groups, saved to the relay at each change
 * (PUT /api/mailings/:id/audience); contact names looked up in the directory for display.
 */
export function useAudience(mailing: MailingView | null, onMailing: (next: MailingView) => void) {
  const [names, setNames] = useState<Record<string, string>>({});
  const [error, setError] = useState<UiError | null>(null);
  const [saving, setSaving] = useState(false);
  const contacts = mailing?.audience.contacts ?? [];
  const groups = mailing?.audience.groups ?? [];

  useEffect(() => {
    const unknown = contacts.slice(0, 50).filter((id) => !(id in names));
    if (unknown.length === 0) return;
    void Promise.all(unknown.map((crmId) => ask('getContact', { crmId }))).then((answers) => {
      const found = Object.fromEntries(unknown.map((id, i) => [id, answers[i]?.ok ? answers[i].value.name : id]));
      setNames((n) => ({ ...n, ...found }));
    });
  }, [contacts.join('\n')]);

  async function put(next: { contacts: string[]; groups: string[] }): Promise<void> {
    if (!mailing) return;
    setSaving(true);
    const result = await ask('setAudience', { id: mailing.id, audience: next });
    setSaving(false);
    if (!result.ok) return setError(result.error);
    setError(null);
    onMailing(result.value);
  }

  return {
    contacts: contacts.map((crmId) => ({ crmId, name: names[crmId] ?? crmId })),
    groups,
    error,
    saving,
    addContact(contact: ContactView): Promise<void> {
      setNames((n) => ({ ...n, [contact.crmId]: contact.name }));
      return contacts.includes(contact.crmId) ? Promise.resolve() : put({ contacts: [...contacts, contact.crmId], groups });
    },
    removeContact: (crmId: string) => put({ contacts: contacts.filter((c) => c !== crmId), groups }),
    setGroup: (groupId: string, included: boolean) => put({ contacts, groups: included ? [...new Set([...groups, groupId])] : groups.filter((g) => g !== groupId) }),
  };
}

export type AudienceState = ReturnType<typeof useAudience>;
