import { createHash } from 'node:crypto';
import { Hono } from 'hono';
import { z } from 'zod';
import { healthReportSchema, siteOverrideSchema, type SiteOverrideView } from '../../shared/adapter-overrides';
import { requireRole, type AuthEnv } from '../auth/auth';
import type { AppDeps } from '../app';
import { createHealthService } from '../adapters/health-service';
import { createOverridesService } from '../adapters/overrides-service';
import { DomainError } from '../domain/errors';
import { serialisedJson } from '../http/typed-json';
import { jsonBody, queryParams } from '../http/validation';

const site = z.string().trim().pipe(siteOverrideSchema.shape.site);
const listQuery = z.object({ site: site.optional() });
const removeQuery = z.object({ site, adapter: siteOverrideSchema.shape.adapter });

/** A strong ETag of exactly what is served: the same overrides give the same stamp, also after a restart. */
const changeStamp = (body: string) => `"${createHash('sha256').update(body).digest('base64url').slice(0, 27)}"`;

/** `If-None-Match: "a", W/"b"` or `*`, compared weakly as RFC 9110 says for this header. */
const matches = (ifNoneMatch: string | undefined, stamp: string) =>
  ifNoneMatch !== undefined && (ifNoneMatch.trim() === '*' || (ifNoneMatch.match(/(W\/)?"[^"]*"/g) ?? []).some((tag) => tag.replace(/^W\//, '') === stamp));

/** Per-site reading overrides and selector health (the HTTP contract is in shared/adapter-overrides.ts). */
export const adapterRoutes = ({ store, clock, logger }: AppDeps) => {
  const overrides = createOverridesService({ overrides: store.adapterOverrides, clock });
  const health = createHealthService({ health: store.adapterHealth, overrides: store.adapterOverrides, clock, logger });

  return new Hono<AuthEnv>()
    .get('/', queryParams(listQuery), async (c) => {
      const body = JSON.stringify({ overrides: await overrides.list(c.req.valid('query').site) });
      const stamp = changeStamp(body);
      c.header('ETag', stamp);
      c.header('Cache-Control', 'private, no-cache');
      if (matches(c.req.header('if-none-match'), stamp)) return c.body(null, 304);
      return serialisedJson<{ overrides: SiteOverrideView[] }>(c, body, { 'Content-Type': 'application/json' });
    })
    .put('/', requireRole('admin'), jsonBody(siteOverrideSchema), async (c) => {
      const { view, created } = await overrides.put(c.req.valid('json'), c.get('user').name);
      return c.json(view, created ? 201 : 200);
    })
    .delete('/', requireRole('admin'), queryParams(removeQuery), async (c) => {
      const { site, adapter } = c.req.valid('query');
      if (!(await overrides.remove(site, adapter))) throw new DomainError('not_found', 'not_found', `There is no override for the adapter "${adapter}" on ${site}`);
      return c.body(null, 204);
    })
    .post('/health', jsonBody(healthReportSchema), async (c) => {
      await health.report(c.req.valid('json'));
      return c.body(null, 204);
    })
    .get('/health', requireRole('admin'), async (c) => c.json({ sites: await health.views() }));
};
