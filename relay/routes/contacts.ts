import { Hono } from 'hono';
import { z } from 'zod';
import { contactSnapshotSchema, crmIdSchema } from '../../shared/api';
import { ApiError } from '../api-error';
import type { AuthEnv } from '../auth/auth';
import type { AppDeps } from '../app';
import { searchContacts, upsertContact } from '../contacts/upsert-contact';
import { jsonBody, queryParams } from '../http/validation';

function crmIdParam(value: string): string {
  const parsed = crmIdSchema.safeParse(value);
  if (!parsed.success) throw new ApiError(400, 'invalid_request', `Path parameter "crmId": ${parsed.error.issues[0]!.message}`, { field: 'crmId' });
  return parsed.data;
}

export const contactRoutes = ({ store, clock, config }: AppDeps) =>
  new Hono<AuthEnv>()
    .get('/', queryParams(z.strictObject({ q: z.string().max(200).default(''), limit: z.coerce.number().int().min(1).max(200).default(50) })), (c) => {
      const { q, limit } = c.req.valid('query');
      return c.json({ contacts: searchContacts(store, q, limit) });
    })
    .get('/:crmId', (c) => {
      const crmId = crmIdParam(c.req.param('crmId'));
      const contact = store.contacts.get(crmId);
      if (!contact) throw new ApiError(404, 'not_found', `No contact with crmId "${crmId}"`);
      return c.json(contact);
    })
    .put('/:crmId', jsonBody(contactSnapshotSchema), async (c) => {
      const crmId = crmIdParam(c.req.param('crmId'));
      const result = await upsertContact(store, config.defaultCountry, crmId, c.req.valid('json'), new Date(clock.now()));
      return c.json(result, result.created ? 201 : 200);
    });
