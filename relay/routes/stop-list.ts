import { Hono } from 'hono';
import { z } from 'zod';
import { addToStopListSchema, removeFromStopListSchema, stopListQuerySchema } from '../../shared/stop-list';
import { requireRole, type AuthEnv } from '../auth/auth';
import { noteForAudit } from '../http/audit-trail';
import { jsonBody, optionalJsonBody, queryParams } from '../http/validation';
import { stopListCsv } from '../opt-outs/stop-list-csv';
import type { StopListService } from '../opt-outs/stop-list-service';
import { languageFromAcceptLanguage } from '../mailings/recipients-csv';

const csvQuery = z.strictObject({ lang: z.enum(['ru', 'en'], { error: 'must be "ru" or "en"' }).optional() });

/**
 * The stop list («Стоп-лист»): marketers read and export it, an agent adds a number from a card,
 * only an admin takes one off (with the reason, kept in the number's history).
 */
export const stopListRoutes = (stopList: StopListService) =>
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
    .get('/stop-list/:phone', requireRole('agent'), (c) => c.json(stopList.view(c.req.param('phone'))))
    .delete('/stop-list/:phone', requireRole('admin'), optionalJsonBody(removeFromStopListSchema), async (c) => {
      const { reason } = c.req.valid('json');
      const view = await stopList.remove(c.req.param('phone'), { by: c.get('user').name, reason });
      noteForAudit(c, { target: { phone: view.phone }, details: { reason } });
      return c.json(view);
    });
