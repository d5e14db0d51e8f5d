import { randomBytes } from 'node:crypto';
import { Hono } from 'hono';
import { z } from 'zod';
import { ApiError } from '../api-error';
import { requireRole, type AuthEnv } from '../auth/auth';
import type { AppDeps } from '../app';
import { contactFilterSchema } from '../groups/contact-filter';
import { countMembers } from '../groups/group-members';
import { jsonBody } from '../http/validation';
import type { GroupRecord } from '../store/groups';

const groupSchema = z
  .strictObject({
    name: z.string().trim().min(1, 'must not be empty').max(200),
    kind: z.enum(['static', 'dynamic'], { error: 'must be "static" or "dynamic"' }),
    contacts: z.array(z.string().min(1).max(300)).max(100_000).default([]),
    filter: contactFilterSchema.nullable().default(null),
  })
  .refine((g) => g.kind === 'static' || g.filter !== null, { message: 'a dynamic group needs a filter', path: ['filter'] });

/** Contact groups (S8): static lists and dynamic saved filters, with their live counts. */
export const groupRoutes = ({ store, clock }: AppDeps) => {
  const find = (id: string) => {
    const group = store.groups.get(id);
    if (!group) throw new ApiError(404, 'not_found', `No group "${id}"`);
    return group;
  };
  const count = (group: Pick<GroupRecord, 'kind' | 'contacts' | 'filter'>) => countMembers(store, group);
  const iso = () => new Date(clock.now()).toISOString();

  return new Hono<AuthEnv>()
    .use(requireRole('marketer'))
    .get('/', (c) => c.json({ groups: store.groups.all() }))
    .post('/', jsonBody(groupSchema), async (c) => {
      const body = c.req.valid('json');
      const group: GroupRecord = { id: `grp_${randomBytes(5).toString('hex')}`, ...body, createdAt: iso(), updatedAt: iso() };
      await store.groups.put(group);
      return c.json(group, 201);
    })
    .post('/count', jsonBody(z.strictObject({ filter: contactFilterSchema })), (c) =>
      c.json({ count: count({ kind: 'dynamic', contacts: [], filter: c.req.valid('json').filter }) }),
    )
    .get('/:id', (c) => c.json(find(c.req.param('id'))))
    .get('/:id/count', (c) => c.json({ count: count(find(c.req.param('id'))) }))
    .patch('/:id', jsonBody(z.strictObject({ name: z.string().trim().min(1).max(200).optional(), contacts: z.array(z.string().min(1).max(300)).max(100_000).optional(), filter: contactFilterSchema.optional() })), async (c) => {
      const group = find(c.req.param('id'));
      const patch = c.req.valid('json');
      if (patch.filter && group.kind !== 'dynamic') throw new ApiError(400, 'invalid_request', 'Field "filter": only a dynamic group has a filter', { field: 'filter' });
      const updated: GroupRecord = { ...group, ...patch, updatedAt: iso() };
      await store.groups.put(updated);
      return c.json(updated);
    })
    .delete('/:id', async (c) => {
      const id = c.req.param('id');
      const usedBy = store.mailings.all().find((m) => m.status === 'draft' && m.audience.groups.includes(id));
      if (usedBy) throw new ApiError(409, 'in_use', `The group is in the audience of the draft mailing "${usedBy.name}"`);
      if (!(await store.groups.remove(id))) throw new ApiError(404, 'not_found', `No group "${id}"`);
      return c.body(null, 204);
    });
};
