import { randomBytes } from 'node:crypto';
import { Hono, type MiddlewareHandler } from 'hono';
import { requireRole, type AuthEnv } from '../auth/auth';
import type { AppDeps } from '../app';
import { groupCountSchema, groupPatchSchema, groupRequestSchema } from '../../shared/groups';
import { conflict, invalid, notFound } from '../domain/errors';
import { countMembers } from '../groups/group-members';
import { plainJson } from '../http/typed-json';
import { jsonBody } from '../http/validation';
import type { GroupRecord } from '../store/groups';

/** Contact groups (S8): static lists and dynamic saved filters, with their live counts. */
export const groupRoutes = ({ store, clock }: AppDeps, heavyRead: MiddlewareHandler<AuthEnv>) => {
  const find = (id: string) => {
    const group = store.groups.get(id);
    if (!group) throw notFound('group', `"${id}"`);
    return group;
  };
  const count = (group: Pick<GroupRecord, 'kind' | 'contacts' | 'filter'>) => countMembers(store, group);
  const iso = () => new Date(clock.now()).toISOString();

  return new Hono<AuthEnv>()
    .use(requireRole('marketer'))
    .get('/', (c) => plainJson<{ groups: GroupRecord[] }>(c, { groups: [...store.groups.all()] }))
    .post('/', jsonBody(groupRequestSchema), async (c) => {
      const body = c.req.valid('json');
      const group: GroupRecord = { id: `grp_${randomBytes(5).toString('hex')}`, ...body, createdAt: iso(), updatedAt: iso() };
      await store.groups.put(group);
      return plainJson(c, group, 201);
    })
    .post('/count', jsonBody(groupCountSchema), heavyRead, (c) => c.json({ count: count({ kind: 'dynamic', contacts: [], filter: c.req.valid('json').filter }) }))
    .get('/:id', (c) => plainJson(c, find(c.req.param('id'))))
    .get('/:id/count', heavyRead, (c) => c.json({ count: count(find(c.req.param('id'))) }))
    .patch('/:id', jsonBody(groupPatchSchema), async (c) => {
      const group = find(c.req.param('id'));
      const patch = c.req.valid('json');
      if (patch.filter && group.kind !== 'dynamic') throw invalid('filter', 'Field "filter": only a dynamic group has a filter');
      const updated: GroupRecord = { ...group, ...patch, updatedAt: iso() };
      await store.groups.put(updated);
      return plainJson(c, updated);
    })
    .delete('/:id', async (c) => {
      const id = c.req.param('id');
      const usedBy = store.mailings.all().find((m) => m.status === 'draft' && m.audience.groups.includes(id));
      if (usedBy) throw conflict('in_use', `The group is in the audience of the draft mailing "${usedBy.name}"`);
      if (!(await store.groups.remove(id))) throw notFound('group', `"${id}"`);
      return c.body(null, 204);
    });
};
