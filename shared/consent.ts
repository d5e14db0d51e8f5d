/** Consent to advertising, per contact, with its history (38-ФЗ art. 18: prior consent the sender can prove). */

import { z } from 'zod';

/** Where a consent (or its withdrawal) came from: a CRM field, a CSV column, an agent on the card, an SMS reply. */
export const CONSENT_SOURCES = ['crm', 'csv', 'agent', 'reply'] as const;
export type ConsentSource = (typeof CONSENT_SOURCES)[number];

export const CONSENT_SOURCE_LABELS: Record<ConsentSource, { ru: string; en: string }> = {
  crm: { ru: 'Поле CRM', en: 'CRM field' },
  csv: { ru: 'Импорт CSV', en: 'CSV import' },
  agent: { ru: 'Менеджер в карточке', en: 'Agent on the card' },
  reply: { ru: 'Ответ на СМС', en: 'SMS reply' },
};

export const CONSENT_STATE_LABELS = {
  granted: { ru: 'Дано', en: 'Given' },
  withdrawn: { ru: 'Отозвано', en: 'Withdrawn' },
} as const;

/** One change of a contact's consent; the latest is its consent now, none ever rewritten. */
export interface ConsentRecord {
  crmId: string;
  granted: boolean;
  source: ConsentSource;
  comment?: string;
  /** ISO date and time it was recorded. */
  at: string;
  /** The token user who recorded it, or what did (the CSV import's user, "relay" for a reply). */
  by: string;
}

/** GET /api/contacts/:crmId/consent: the consent now (null: never recorded) and every change, newest first. */
export interface ConsentView {
  current: ConsentRecord | null;
  history: ConsentRecord[];
}

/** PUT /api/contacts/:crmId/consent. */
export const consentRequestSchema = z.strictObject({
  granted: z.boolean({ error: 'must be true (consent given) or false (consent withdrawn)' }),
  source: z.enum(CONSENT_SOURCES, { error: `must be one of: ${CONSENT_SOURCES.join(', ')}` }),
  comment: z.string().trim().max(1000, 'must be at most 1000 characters').optional(),
});
export type ConsentRequest = z.input<typeof consentRequestSchema>;

/**
 * The sources a role may record. An agent records what it saw: its own word from the card, or the
 * CRM's field as the extension reads it; an import and a reply come in their own ways (or from a
 * marketer's or admin's script).
 */
export const consentSourcesFor = (role: 'agent' | 'marketer' | 'admin'): readonly ConsentSource[] => (role === 'agent' ? ['agent', 'crm'] : CONSENT_SOURCES);
