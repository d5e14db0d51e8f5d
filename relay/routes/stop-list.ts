import { Hono } from 'hono';
import { z } from 'zod';
import { STOP_LIST_NOTICES } from '../../shared/providers';
import { addToStopListSchema, removeFromStopListSchema, stopListQuerySchema } from '../../shared/stop-list';
import { NOT_SUPPORTED } from '../../shared/texts';
import { requireRole, type AuthEnv } from '../auth/auth';
import { noteForAudit } from '../http/audit-trail';
import { DomainError } from '../domain/errors';
import { jsonBody, optionalJsonBody, queryParams } from '../http/validation';
import { timeSlicer } from '../contacts/time-slicer';
import { stopListCsv } from '../opt-outs/stop-list-csv';
import type { StopListService } from '../opt-outs/stop-list-service';
import type { StopListSync } from '../opt-outs/stop-list-sync';
import { languageFromAcceptLanguage } from '../mailings/recipients-csv';

const csvQuery = z.strictObject({ lang: z.enum(['ru', 'en'], { error: 'must be "ru" or "en"' }).optional() });

/** A provider without a list the relay can read has nothing to sync with: 501, saying what it has instead. */
function noListToSync(support: StopListSync['support']): DomainError {
  const notice = STOP_LIST_NOTICES[support] ?? NOT_SUPPORTED;
  return new DomainError('not_supported', 'not_supported', `${NOT_SUPPORTED.en}: ${notice.en}`, { messageRu: `${NOT_SUPPORTED.ru}: ${notice.ru}` });
}

/**
 * The stop list («Стоп-лист»): marketers read, export and import it (a CSV file of numbers), an agent
 * adds a number from a card, only an admin takes one off (with the reason, kept in the number's history) or syncs it with the
 * provider's own list now.
 */
export const stopListRoutes = (stopList: StopListService, sync: StopListSync) =>
  new Hono<AuthEnv>()
    .get('/stop-list', requireRole('marketer'), queryParams(stopListQuerySchema), (c) => c.json(stopList.page(c.req.valid('query'))))
    .get('/stop-list.csv', requireRole('marketer'), queryParams(csvQuery), (c) => {
      const language = c.req.valid('query').lang ?? languageFromAcceptLanguage(c.req.header('accept-language'));
      return c.body(stopListCsv(stopList.all(), language), 200, {
        'content-type': 'text/csv; charset=utf-8',
        'content-disposition': 'attachment; filename="stop-list.csv"',
      });
    })
    .post('/stop-list', requireRole('agent'), jsonBody(addToStopListSchema), async (c) => {
      const { phone, reason } = c.req.valid('json');
      const { entry, created } = await stopList.add({ phone, reason, source: 'agent', by: c.get('user').name });
      noteForAudit(c, { target: { phone: entry.phone }, details: { source: entry.source, added: created, ...(reason ? { reason } : {}) } });
      return c.json(entry, created ? 201 : 200);
    })
    /** A CSV file of numbers (a big one taking turns with other requests): lines that hold no number are listed, the rest added. */
    .post('/stop-list/import', requireRole('marketer'), async (c) => {
      // Made before the body is read: the read uses up the slice, and the import takes its first turn.
      const turn = timeSlicer();
      const file = new Uint8Array(await c.req.arrayBuffer());
      const answer = await stopList.importCsv(file, c.get('user').name, turn);
      noteForAudit(c, { details: { source: 'csv', added: answer.added, already: answer.already, invalid: answer.invalid.length } });
      return c.json(answer);
    })
    .post('/stop-list/sync', requireRole('admin'), async (c) => {
      if (sync.support !== 'sync') throw noListToSync(sync.support);
      return c.json(await sync.syncNow());
    })
    .get('/stop-list/:phone', requireRole('agent'), (c) => c.json(stopList.view(c.req.param('phone'))))
    .delete('/stop-list/:phone', requireRole('admin'), optionalJsonBody(removeFromStopListSchema), async (c) => {
      const { reason } = c.req.valid('json');
      const view = await stopList.remove(c.req.param('phone'), { by: c.get('user').name, reason });
      noteForAudit(c, { target: { phone: view.phone }, details: { reason } });
      return c.json(view);
    });
