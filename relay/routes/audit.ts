import { Hono } from 'hono';
import { z } from 'zod';
import { auditQuerySchema, type AuditPage } from '../../shared/audit';
import { requireRole, type AuthEnv } from '../auth/auth';
import { auditCsv } from '../http/audit-csv';
import { queryParams } from '../http/validation';
import { languageFromAcceptLanguage } from '../mailings/recipients-csv';
import type { AuditLog } from '../store/audit-log';

const csvQuery = z.strictObject({ lang: z.enum(['ru', 'en'], { error: 'must be "ru" or "en"' }).optional() });

/** The audit log, for admins: a page at a time (newest first) or the whole of it as CSV. */
export const auditRoutes = (audit: AuditLog) =>
  new Hono<AuthEnv>()
    .get('/audit', requireRole('admin'), queryParams(auditQuerySchema), (c) => {
      const { offset, limit } = c.req.valid('query');
      return c.json({ total: audit.size, entries: audit.newestFirst(offset, limit) } satisfies AuditPage);
    })
    .get('/audit.csv', requireRole('admin'), queryParams(csvQuery), (c) => {
      const language = c.req.valid('query').lang ?? languageFromAcceptLanguage(c.req.header('accept-language'));
      return c.body(auditCsv(audit.all(), language), 200, {
        'content-type': 'text/csv; charset=utf-8',
        'content-disposition': 'attachment; filename="audit.csv"',
      });
    });
