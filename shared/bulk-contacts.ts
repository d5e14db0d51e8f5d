import { z } from 'zod';
import { contactSnapshotSchema, crmIdSchema, type ContactSnapshot } from './api';

/** POST /api/contacts/bulk: the rows of a CRM list page, as the extension read them. */
export const bulkContactsSchema = z.strictObject({
  contacts: z
    .array(z.strictObject({ crmId: crmIdSchema, snapshot: contactSnapshotSchema }))
    .min(1, 'must list at least one contact')
    .max(5000, 'must list at most 5000 contacts'),
});

export interface BulkContact {
  crmId: string;
  snapshot: ContactSnapshot;
}

/** What storing them did: new contacts, changed ones, ones already as read. */
export interface BulkResult {
  created: number;
  updated: number;
  unchanged: number;
}
