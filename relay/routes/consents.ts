import { Hono } from 'hono';
import { z } from 'zod';
import { CONSENT_SOURCE_LABELS, consentRequestSchema, consentSourcesFor } from '../../shared/consent';
import type { AppDeps } from '../app';
import { requireRole, type AuthEnv } from '../auth/auth';
import { consentHistoryCsv } from '../contacts/consent-csv';
import { consentOf, recordConsent } from '../contacts/consents';
import { ApiError } from '../http/api-error';
import { noteForAudit } from '../http/audit-trail';
import { jsonBody, queryParams } from '../http/validation';
import { languageFromAcceptLanguage } from '../mailings/recipients-csv';
import { crmIdParam } from './contacts';

const csvQuery = z.strictObject({ lang: z.enum(['ru', 'en'], { error: 'must be "ru" or "en"' }).optional() });

/** A contact's consent to advertising: agents record and read it from the card, marketers export its history as proof. */
export const consentRoutes = ({ store, clock }: AppDeps) =>
  new Hono<AuthEnv>()
    .put('/:crmId/consent', requireRole('agent'), jsonBody(consentRequestSchema), (c) => {
      const crmId = crmIdParam(c.req.param('crmId'));
      const { granted, source, comment } = c.req.valid('json');
      const user = c.get('user');
      const allowed = consentSourcesFor(user.role);
      if (!allowed.includes(source)) {
        throw new ApiError(403, 'forbidden', `The role "${user.role}" may record a consent only from: ${allowed.join(', ')} (not "${source}")`, {
          messageRu: `Эта роль не может записать согласие с источником «${CONSENT_SOURCE_LABELS[source].ru}»`,
          field: 'source',
        });
      }
      recordConsent(store, crmId, { granted, source, comment, by: user.name, at: new Date(clock.now()) });
      noteForAudit(c, { details: { granted, source, ...(comment ? { comment } : {}) } });
      return c.json(consentOf(store, crmId), 201);
    })
    .get('/:crmId/consent', requireRole('agent'), (c) => c.json(consentOf(store, crmIdParam(c.req.param('crmId')))))
    .get('/:crmId/consent.csv', requireRole('marketer'), queryParams(csvQuery), (c) => {
      const crmId = crmIdParam(c.req.param('crmId'));
      const { history } = consentOf(store, crmId);
      const language = c.req.valid('query').lang ?? languageFromAcceptLanguage(c.req.header('accept-language'));
      const file = `${crmId.replace(/[^\w.-]+/g, '-')}-consent.csv`;
      return c.body(consentHistoryCsv(history, language), 200, { 'content-type': 'text/csv; charset=utf-8', 'content-disposition': `attachment; filename="${file}"` });
    });
