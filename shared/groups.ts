/** Contact groups (S8): a static list of contacts, or a dynamic saved filter over the directory. */

import { z } from 'zod';
import { contactFilterSchema, type ContactFilter } from './contact-filter';

export const GROUP_KINDS = ['static', 'dynamic'] as const;
export type GroupKind = (typeof GROUP_KINDS)[number];

export interface GroupView {
  id: string;
  name: string;
  /** static: a fixed list of contacts; dynamic: a saved filter evaluated when a mailing starts. */
  kind: GroupKind;
  contacts: string[];
  filter: ContactFilter | null;
  createdAt: string;
  updatedAt: string;
}

/** POST /api/groups. */
export interface GroupRequest {
  name: string;
  kind: GroupKind;
  contacts?: string[];
  filter?: ContactFilter;
}

/** PATCH /api/groups/:id: a group's kind stays what it was made. */
export type GroupPatch = Omit<Partial<GroupRequest>, 'kind'>;

const groupContacts = z.array(z.string().min(1).max(300)).max(100_000);

export const groupRequestSchema = z
  .strictObject({
    name: z.string().trim().min(1, 'must not be empty').max(200),
    kind: z.enum(GROUP_KINDS, { error: 'must be "static" or "dynamic"' }),
    contacts: groupContacts.default([]),
    filter: contactFilterSchema.nullable().default(null),
  })
  .refine((g) => g.kind === 'static' || g.filter !== null, { message: 'a dynamic group needs a filter', path: ['filter'] });

export const groupPatchSchema = z.strictObject({
  name: z.string().trim().min(1).max(200).optional(),
  contacts: groupContacts.optional(),
  filter: contactFilterSchema.optional(),
});

/** POST /api/groups/count: how many contacts a filter matches now. */
export const groupCountSchema = z.strictObject({ filter: contactFilterSchema });
