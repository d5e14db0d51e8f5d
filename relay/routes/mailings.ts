import { Hono } from 'hono';
import { z } from 'zod';
import { RECIPIENT_STATES, audienceSchema, createMailingSchema, updateMailingSchema } from '../../shared/mailings';
import { requireRole, type AuthEnv } from '../auth/auth';
import { noteForAudit } from '../http/audit-trail';
import { jsonBody, optionalJsonBody, queryParams } from '../http/validation';
import type { MailingService } from '../mailings/mailing-service';
import { launchMailingSchema, macroDefaultsSchema, textLengthsSchema } from '../../shared/mailings';
import { isTimeZone, languageFromAcceptLanguage, recipientsCsv } from '../mailings/recipients-csv';

const recipientQuery = z.strictObject({
  status: z.enum(RECIPIENT_STATES, { error: `must be one of: ${RECIPIENT_STATES.join(', ')}` }).optional(),
  offset: z.coerce.number().int().min(0).default(0),
  limit: z.coerce.number().int().min(1).max(1000).default(100),
});

/** ?lang=ru|en (else Accept-Language, else Russian); ?format=raw for programs; ?tz= the dates' time zone. */
const recipientsCsvQuery = recipientQuery.omit({ offset: true, limit: true }).extend({
  lang: z.enum(['ru', 'en'], { error: 'must be "ru" or "en"' }).optional(),
  format: z.enum(['raw'], { error: 'must be "raw" (or left out for the spreadsheet file in the user\'s language)' }).optional(),
  tz: z.string().max(100).refine(isTimeZone, 'must be a time zone such as Europe/Moscow').optional(),
});

/** ?skipEmptyMacros=true: the figures of a launch that skips the recipients whose text has an empty macro. */
const preflightQuery = z.strictObject({
  skipEmptyMacros: z
    .enum(['true', 'false'], { error: 'must be "true" or "false"' })
    .optional()
    .transform((v) => v === 'true'),
});

/** SMS mailings (S3–S10): marketers and admins. */
export const mailingRoutes = (mailings: MailingService) =>
  new Hono<AuthEnv>()
    .use(requireRole('marketer'))
    .get('/', (c) => c.json({ mailings: mailings.list() }))
    .post('/', jsonBody(createMailingSchema), async (c) => c.json(await mailings.create(c.req.valid('json'), c.get('user').name), 201))
    .get('/:id', (c) => c.json(mailings.get(c.req.param('id'))))
    .patch('/:id', jsonBody(updateMailingSchema), async (c) => c.json(await mailings.update(c.req.param('id'), c.req.valid('json'))))
    .delete('/:id', async (c) => {
      await mailings.remove(c.req.param('id'));
      return c.body(null, 204);
    })
    .put('/:id/audience', jsonBody(audienceSchema), async (c) => c.json(await mailings.setAudience(c.req.param('id'), c.req.valid('json'))))
    .get('/:id/preflight', queryParams(preflightQuery), async (c) => c.json(await mailings.preflight(c.req.param('id'), c.req.valid('query'))))
    .post('/:id/text-lengths', jsonBody(textLengthsSchema), async (c) => c.json(await mailings.textLengths(c.req.param('id'), c.req.valid('json').text)))
    .post('/:id/macro-defaults', jsonBody(macroDefaultsSchema), async (c) => c.json(await mailings.applyMacroDefaults(c.req.param('id'), c.req.valid('json').defaults)))
    .post('/:id/preview', jsonBody(z.strictObject({ contactId: z.string().min(1, 'must not be empty').max(300) })), async (c) =>
      c.json(await mailings.preview(c.req.param('id'), c.req.valid('json').contactId)),
    )
    .post('/:id/launch', optionalJsonBody(launchMailingSchema), async (c) => {
      const view = await mailings.launch(c.req.param('id'), c.req.valid('json'));
      const skipped = Object.values(view.counters.skipped).reduce((sum, count) => sum + count, 0);
      noteForAudit(c, { details: { kind: view.kind, recipients: view.counters.total, skipped } });
      return c.json(view);
    })
    .post('/:id/pause', async (c) => c.json(await mailings.pause(c.req.param('id'))))
    .post('/:id/resume', async (c) => c.json(await mailings.resume(c.req.param('id'))))
    .post('/:id/cancel', async (c) => c.json(await mailings.cancel(c.req.param('id'))))
    .post('/:id/retry', async (c) => c.json(await mailings.retry(c.req.param('id'))))
    .post('/:id/resolve-unknown', async (c) => c.json(await mailings.resolveUnknown(c.req.param('id'))))
    .get('/:id/stats', (c) => c.json(mailings.stats(c.req.param('id'))))
    .get('/:id/recipients', queryParams(recipientQuery), (c) => c.json(mailings.recipients(c.req.param('id'), c.req.valid('query'))))
    .get('/:id/recipients.csv', queryParams(recipientsCsvQuery), (c) => {
      const id = c.req.param('id');
      const { status, lang, format, tz } = c.req.valid('query');
      const { recipients } = mailings.recipients(id, { status, offset: 0, limit: Number.MAX_SAFE_INTEGER });
      const language = lang ?? languageFromAcceptLanguage(c.req.header('accept-language'));
      const csv = recipientsCsv(recipients, { format: format ?? 'human', language, timeZone: tz, currency: mailings.stats(id).currency });
      return c.body(csv, 200, { 'content-type': 'text/csv; charset=utf-8', 'content-disposition': `attachment; filename="${id}-recipients.csv"` });
    });
