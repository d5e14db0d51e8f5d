import { Hono, type MiddlewareHandler } from 'hono';
import { z } from 'zod';
import { contactSnapshotSchema, crmIdSchema, type ContactView } from '../../shared/api';
import { bulkContactsSchema } from '../../shared/bulk-contacts';
import type { AuthEnv } from '../auth/auth';
import type { AppDeps } from '../app';
import { upsertContact } from '../contacts/upsert-contact';
import { searchContactsJson } from '../contacts/search-contacts';
import { jsonBody, queryParams } from '../http/validation';
import { requireRole } from '../auth/auth';
import { importContactsCsv } from '../contacts/import-contacts';
import { timeSlicer } from '../contacts/time-slicer';
import { storeMany } from '../contacts/store-many';
import { invalid, notFound } from '../domain/errors';
import { ndjsonProgress } from '../http/ndjson-progress';
import { knownErrorAnswer } from '../http/on-error';
import { serialisedJson } from '../http/typed-json';
import { bodyBytes } from '../http/body-bytes';

export function crmIdParam(value: string): string {
  const parsed = crmIdSchema.safeParse(value);
  if (!parsed.success) throw invalid('crmId', `Path parameter "crmId": ${parsed.error.issues[0]!.message}`);
  return parsed.data;
}

const importQuery = z.strictObject({
  idPrefix: z
    .string()
    .regex(/^[\w.:-]{1,100}$/, 'must be letters, digits, ".", ":", "-" or "_"')
    .default('csv'),
  dryRun: z.enum(['true', 'false']).default('false'),
  /** `true`: the answer is NDJSON, progress lines and then the result (see ndjsonProgress). */
  progress: z.enum(['true', 'false']).default('false'),
});

export const contactRoutes = ({ store, clock, config, logger }: AppDeps, heavyRead: MiddlewareHandler<AuthEnv>) =>
  new Hono<AuthEnv>()
    /** The rows of a CRM list page, as the extension read them. */
    .post('/bulk', requireRole('marketer'), jsonBody(bulkContactsSchema), async (c) =>
      c.json(await storeMany(store, config.defaultCountry, c.req.valid('json').contacts, new Date(clock.now()), timeSlicer())),
    )
    /** A CRM's CSV export: a broken file imports nothing; refused rows are listed with their line. */
    .post('/import', requireRole('marketer'), queryParams(importQuery), async (c) => {
      const { idPrefix, dryRun, progress } = c.req.valid('query');
      // A 100,000-row file takes seconds of work: it takes turns with every other request, the first
      // one as soon as the body is in (made before it is read, the slice is used up by then).
      const turn = timeSlicer();
      const file = await bodyBytes(c.req.raw, config.importLimitBytes);
      const run = (onProgress?: Parameters<typeof importContactsCsv>[4]) =>
        importContactsCsv(
          { store, defaultCountry: config.defaultCountry, now: new Date(clock.now()), user: c.get('user').name },
          file,
          { idPrefix, dryRun: dryRun === 'true' },
          turn,
          onProgress,
        );
      if (progress === 'true') {
        return ndjsonProgress(
          c,
          (report) => run((p) => report(p, p.phase === 'store')),
          (error) => {
            const known = knownErrorAnswer(error);
            if (known) return known.body;
            logger.error(`POST /api/contacts/import: ${(error as Error).stack ?? error}`);
            return {
              error: {
                code: 'internal_error',
                message: 'The relay failed on this import; the relay log has the details',
                messageRu: 'Сервер не смог выполнить импорт; подробности в журнале сервера',
              },
            };
          },
        );
      }
      return c.json(await run());
    })
    .get('/', heavyRead, queryParams(z.strictObject({ q: z.string().max(200).default(''), limit: z.coerce.number().int().min(1).max(200).default(50) })), (c) => {
      const { q, limit } = c.req.valid('query');
      // The contacts found go out as they are stored: no parse and serialise again per search.
      return serialisedJson<{ contacts: ContactView[] }>(c, searchContactsJson(store, q, limit), { 'content-type': 'application/json' });
    })
    .get('/:crmId', (c) => {
      const crmId = crmIdParam(c.req.param('crmId'));
      const contact = store.contacts.get(crmId);
      if (!contact) throw notFound('contact with crmId', `"${crmId}"`);
      return c.json(contact);
    })
    .put('/:crmId', jsonBody(contactSnapshotSchema), async (c) => {
      const crmId = crmIdParam(c.req.param('crmId'));
      const result = await upsertContact(store, config.defaultCountry, crmId, c.req.valid('json'), new Date(clock.now()));
      return c.json(result, result.created ? 201 : 200);
    });
