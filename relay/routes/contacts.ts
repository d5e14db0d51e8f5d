import { Hono } from 'hono';
import { z } from 'zod';
import { contactSnapshotSchema, crmIdSchema } from '../../shared/api';
import { ApiError } from '../api-error';
import type { AuthEnv } from '../auth/auth';
import type { AppDeps } from '../app';
import { upsertContact } from '../contacts/upsert-contact';
import { searchContactsJson } from '../contacts/search-contacts';
import { jsonBody, queryParams } from '../http/validation';
import { requireRole } from '../auth/auth';
import { CsvImportError, parseContactsCsvInTurns } from '../contacts/csv-import';
import { timeSlicer } from '../contacts/time-slicer';
import { storeMany } from '../contacts/store-many';

function crmIdParam(value: string): string {
  const parsed = crmIdSchema.safeParse(value);
  if (!parsed.success) throw new ApiError(400, 'invalid_request', `Path parameter "crmId": ${parsed.error.issues[0]!.message}`, { field: 'crmId' });
  return parsed.data;
}

const bulkSchema = z.strictObject({
  contacts: z.array(z.strictObject({ crmId: crmIdSchema, snapshot: contactSnapshotSchema })).min(1, 'must list at least one contact').max(5000, 'must list at most 5000 contacts'),
});

const importQuery = z.strictObject({
  idPrefix: z.string().regex(/^[\w.:-]{1,100}$/, 'must be letters, digits, ".", ":", "-" or "_"').default('csv'),
  dryRun: z.enum(['true', 'false']).default('false'),
});

export const contactRoutes = ({ store, clock, config }: AppDeps) =>
  new Hono<AuthEnv>()
    /** The rows of a CRM list page, as the extension read them. */
    .post('/bulk', requireRole('marketer'), jsonBody(bulkSchema), async (c) =>
      c.json(await storeMany(store, config.defaultCountry, c.req.valid('json').contacts, new Date(clock.now()), timeSlicer())),
    )
    /** A CRM's CSV export: a broken file imports nothing; refused rows are listed with their line. */
    .post('/import', requireRole('marketer'), queryParams(importQuery), async (c) => {
      const { idPrefix, dryRun } = c.req.valid('query');
      // A 100,000-row file takes seconds of work: it takes turns with every other request.
      const turn = timeSlicer();
      let parsed;
      try {
        parsed = await parseContactsCsvInTurns(new Uint8Array(await c.req.arrayBuffer()), { idPrefix, defaultCountry: config.defaultCountry }, turn);
      } catch (error) {
        if (!(error instanceof CsvImportError)) throw error;
        throw new ApiError(400, 'invalid_csv', `The CSV file cannot be imported. ${error.message}`, { messageRu: `Файл CSV не импортирован. ${error.message}` });
      }
      const counts = dryRun === 'true' ? { created: 0, updated: 0, unchanged: 0 } : await storeMany(store, config.defaultCountry, parsed.rows, new Date(clock.now()), turn);
      return c.json({ ...counts, accepted: parsed.rows.length, refused: parsed.refused, header: parsed.header, mapping: parsed.mapping, dryRun: dryRun === 'true' });
    })
    .get('/', queryParams(z.strictObject({ q: z.string().max(200).default(''), limit: z.coerce.number().int().min(1).max(200).default(50) })), (c) => {
      const { q, limit } = c.req.valid('query');
      // The contacts found go out as they are stored: no parse and serialise again per search.
      return c.body(searchContactsJson(store, q, limit), 200, { 'content-type': 'application/json' });
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
