import { Hono } from 'hono';
import { stringify } from 'csv-stringify/sync';
import { z } from 'zod';
import { RECIPIENT_STATES, audienceSchema, createMailingSchema, updateMailingSchema } from '../../shared/mailings';
import { requireRole, type AuthEnv } from '../auth/auth';
import { jsonBody, queryParams } from '../http/validation';
import type { MailingService } from '../mailings/mailing-service';

const recipientQuery = z.strictObject({
  status: z.enum(RECIPIENT_STATES, { error: `must be one of: ${RECIPIENT_STATES.join(', ')}` }).optional(),
  offset: z.coerce.number().int().min(0).default(0),
  limit: z.coerce.number().int().min(1).max(1000).default(100),
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
    .get('/:id/preflight', async (c) => c.json(await mailings.preflight(c.req.param('id'))))
    .post('/:id/preview', jsonBody(z.strictObject({ contactId: z.string().min(1, 'must not be empty').max(300) })), async (c) =>
      c.json(await mailings.preview(c.req.param('id'), c.req.valid('json').contactId)),
    )
    .post('/:id/launch', async (c) => c.json(await mailings.launch(c.req.param('id'))))
    .post('/:id/pause', async (c) => c.json(await mailings.pause(c.req.param('id'))))
    .post('/:id/resume', async (c) => c.json(await mailings.resume(c.req.param('id'))))
    .post('/:id/cancel', async (c) => c.json(await mailings.cancel(c.req.param('id'))))
    .post('/:id/retry', async (c) => c.json(await mailings.retry(c.req.param('id'))))
    .post('/:id/resolve-unknown', async (c) => c.json(await mailings.resolveUnknown(c.req.param('id'))))
    .get('/:id/stats', (c) => c.json(mailings.stats(c.req.param('id'))))
    .get('/:id/recipients', queryParams(recipientQuery), (c) => c.json(mailings.recipients(c.req.param('id'), c.req.valid('query'))))
    .get('/:id/recipients.csv', queryParams(recipientQuery.omit({ offset: true, limit: true })), (c) => {
      const id = c.req.param('id');
      const { recipients } = mailings.recipients(id, { ...c.req.valid('query'), offset: 0, limit: Number.MAX_SAFE_INTEGER });
      const csv = stringify(
        recipients.map((r) => [r.contactId, r.name, r.phone ?? '', r.state, r.skipReason ?? '', r.parts, r.cost ?? '', r.providerMessageId ?? '', r.error ?? '', r.updatedAt ?? '', r.text ?? '']),
        // A name like "=HYPERLINK(…)" is text, not a formula, when the file is opened in a spreadsheet.
        { header: true, escape_formulas: true, columns: ['contactId', 'name', 'phone', 'state', 'skipReason', 'parts', 'cost', 'providerMessageId', 'error', 'updatedAt', 'text'] },
      );
      return c.body(`\uFEFF${csv}`, 200, { 'content-type': 'text/csv; charset=utf-8', 'content-disposition': `attachment; filename="${id}-recipients.csv"` });
    });
