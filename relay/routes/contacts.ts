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
import { CsvImportError } from '../contacts/csv-import';
import { importContactsCsv } from '../contacts/import-contacts';
import { timeSlicer } from '../contacts/time-slicer';
import { storeMany } from '../contacts/store-many';
import { ndjsonProgress } from '../http/ndjson-progress';
import { StorageError } from '../store/storage-error';

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
  /** `true`: the answer is NDJSON, progress lines and then the result (see ndjsonProgress). */
  progress: z.enum(['true', 'false']).default('false'),
});

const csvError = (error: CsvImportError) =>
  new ApiError(400, 'invalid_csv', `The CSV file cannot be imported. ${error.message}`, { messageRu: `Файл CSV не импортирован. ${error.message}` });

export const contactRoutes = ({ store, clock, config, logger }: AppDeps) =>
  new Hono<AuthEnv>()
    /** The rows of a CRM list page, as the extension read them. */
    .post('/bulk', requireRole('marketer'), jsonBody(bulkSchema), async (c) =>
      c.json(await storeMany(store, config.defaultCountry, c.req.valid('json').contacts, new Date(clock.now()), timeSlicer())),
    )
    /** A CRM's CSV export: a broken file imports nothing; refused rows are listed with their line. */
    .post('/import', requireRole('marketer'), queryParams(importQuery), async (c) => {
      const { idPrefix, dryRun, progress } = c.req.valid('query');
      const file = new Uint8Array(await c.req.arrayBuffer());
      // A 100,000-row file takes seconds of work: it takes turns with every other request.
      const run = (onProgress?: Parameters<typeof importContactsCsv>[4]) =>
        importContactsCsv({ store, defaultCountry: config.defaultCountry, now: new Date(clock.now()) }, file, { idPrefix, dryRun: dryRun === 'true' }, timeSlicer(), onProgress);
      if (progress === 'true') {
        return ndjsonProgress(c, (report) => run((p) => report(p, p.phase === 'store')), (error) => {
          if (error instanceof CsvImportError) return csvError(error).toBody();
          if (error instanceof StorageError) return { error: { code: 'storage_unwritable', message: `${error.message}; nothing was changed`, messageRu: `${error.messageRu}; ничего не изменено` } };
          logger.error(`POST /api/contacts/import: ${(error as Error).stack ?? error}`);
          return { error: { code: 'internal_error', message: 'The relay failed on this import; the relay log has the details', messageRu: 'Сервер не смог выполнить импорт; подробности в журнале сервера' } };
        });
      }
      try {
        return c.json(await run());
      } catch (error) {
        throw error instanceof CsvImportError ? csvError(error) : error;
      }
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
