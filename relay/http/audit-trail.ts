import type { Context } from 'hono';
import { createMiddleware } from 'hono/factory';
import { matchedRoutes } from 'hono/route';
import type { AuditNote } from '../../shared/audit';
import { normalOrigin } from '../adapters/site-origin';
import type { AuthEnv } from '../auth/auth';
import { auditValues, TARGET_CHARS, TEXT_CHARS } from '../domain/audit-text';
import type { Clock } from '../clock';
import type { Logger } from '../logger';
import type { AuditLog } from '../store/audit-log';

/**
 * Requests that change no one's data though they are not GETs: figures worked out for a text or a
 * filter, a connection check, and the selector-health counts every card read reports.
 */
const NOT_AUDITED = new Set([
  'POST /api/cost',
  'POST /api/groups/count',
  'POST /api/mailings/:id/text-lengths',
  'POST /api/mailings/:id/preview',
  'POST /api/provider/check',
  'POST /api/adapters/health',
]);

/** Adds to the request's audit entry what its route and parameters do not say (a no-op outside an audited request). */
export function noteForAudit(c: Context<AuthEnv, any, any>, note: AuditNote): void {
  const kept = c.get('auditNote');
  if (!kept) return;
  Object.assign((kept.target ??= {}), note.target);
  Object.assign((kept.details ??= {}), note.details);
}

/** The route that serves the request (the last matched one bound to a method) and its place among the matches. */
function servingRoute(c: Context): { index: number; path: string } | undefined {
  const routes = matchedRoutes(c);
  for (let index = routes.length - 1; index >= 0; index--) if (routes[index]!.method !== 'ALL') return { index, path: routes[index]!.path };
  return undefined;
}

/** The serving route's path parameters, read while the request is still at the middleware. */
function paramsOf(c: Context, index: number): Record<string, string> {
  const at = c.req.routeIndex;
  c.req.routeIndex = index;
  try {
    return c.req.param() as Record<string, string>;
  } finally {
    c.req.routeIndex = at;
  }
}

/**
 * After the token check, for every /api request that may change data (any method but GET and HEAD):
 * who (the token's user, role and id — never the token), what (method and route), on what (the
 * route's parameters), from which CRM site (`X-CRM-Site`), then the status answered and what the
 * route noted. Fails closed: the beginning is on disk before the request is served, and a disk that
 * refuses it refuses the request (503, nothing done). No request body is kept.
 */
export const auditTrail = (deps: { audit: AuditLog; clock: Clock; logger: Logger }) =>
  createMiddleware<AuthEnv>(async (c, next) => {
    const route = c.req.method === 'GET' || c.req.method === 'HEAD' ? undefined : servingRoute(c);
    const action = route && `${c.req.method} ${route.path}`;
    if (!route || !action || NOT_AUDITED.has(action)) return next();
    const user = c.get('user');
    const site = c.req.header('x-crm-site') ?? '';
    const n = deps.audit.begin({
      at: new Date(deps.clock.now()).toISOString(),
      user: user.name,
      role: user.role,
      tokenId: c.get('tokenId') ?? null,
      action,
      target: auditValues(paramsOf(c, route.index), TARGET_CHARS),
      site: site && site.length <= TARGET_CHARS ? normalOrigin(site) : null,
    });
    const note: AuditNote = {};
    c.set('auditNote', note);
    await next();
    try {
      deps.audit.end(n, { status: c.res.status, target: auditValues(note.target, TARGET_CHARS), details: auditValues(note.details, TEXT_CHARS) });
    } catch (error) {
      // Served already: the outcome waits in memory for the next write, which no request gets past without it.
      deps.logger.error(`audit log: the outcome of entry ${n} (${action}) waits for the disk: ${(error as Error).message}`);
    }
  });
