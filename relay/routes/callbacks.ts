import { timingSafeEqual } from 'node:crypto';
import { Hono } from 'hono';
import type { AppDeps } from '../app';
import { deliverUpdates } from '../delivery/deliver-updates';

/** Compares bytes, not characters: a multi-byte secret of the right length is just a wrong secret. */
export function sameSecret(given: string, secret: string): boolean {
  const a = Buffer.from(given, 'utf8');
  const b = Buffer.from(secret, 'utf8');
  return a.length === b.length && timingSafeEqual(a, b);
}

/** Delivery reports pushed by the provider: POST /callbacks/<provider>/<secret>. */
export const callbackRoutes = ({ store, providers, clock, logger, engine }: AppDeps) =>
  new Hono().post('/:provider/:secret', async (c) => {
    const provider = providers.active;
    if (c.req.param('provider') !== provider.id || !provider.parseCallback || !sameSecret(c.req.param('secret'), store.callbackSecret)) {
      return c.json({ error: { code: 'not_found', message: 'No such callback' } }, 404);
    }
    const result = provider.parseCallback({
      contentType: c.req.header('content-type') ?? '',
      body: await c.req.text(),
      query: c.req.query(),
    });
    const changed = await deliverUpdates({ store, engine }, result.updates, new Date(clock.now()));
    logger.info(`callback from ${provider.id}: ${result.updates.length} report(s), ${changed} message(s) changed`);
    return c.body(result.reply.body, result.reply.status as 200, { 'content-type': result.reply.contentType ?? 'text/plain; charset=utf-8' });
  });
