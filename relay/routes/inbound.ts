import { Hono } from 'hono';
import type { AppDeps } from '../app';
import { deliverUpdates } from '../delivery/deliver-updates';
import { inboundUrl } from '../providers/registry';
import { sameSecret } from './callbacks';

/**
 * Messages people send us, pushed by the provider: POST /inbound/<provider>/<secret>, in the provider's
 * own format (Twilio's signed form, SMSC's notifications). A wrong provider or secret is a 404 like any
 * unknown path; a request the provider did not sign is refused (403) with nothing stored.
 */
export const inboundRoutes = ({ store, providers, config, clock, logger, engine, replies }: AppDeps) =>
  new Hono().post('/:provider/:secret', async (c) => {
    const provider = providers.active;
    const secret = c.req.param('secret');
    if (c.req.param('provider') !== provider.id || !provider.parseInbound || !sameSecret(secret, store.callbackSecret)) {
      return c.json({ error: { code: 'not_found', message: 'No such callback' } }, 404);
    }
    const asSeen = new URL(c.req.url);
    // What the provider signed is the address it was given, which a proxy in front of the relay does not change.
    const url = `${inboundUrl(config, provider.id, secret) ?? `${asSeen.origin}${asSeen.pathname}`}${asSeen.search}`;
    const headers: Record<string, string> = {};
    c.req.raw.headers.forEach((value, name) => {
      headers[name.toLowerCase()] = value;
    });
    const result = provider.parseInbound({ contentType: c.req.header('content-type') ?? '', body: await c.req.text(), query: c.req.query(), url, headers });
    if (result.refused) {
      logger.warn(`inbound from ${provider.id} refused: ${result.refused}`);
    } else {
      for (const sms of result.replies) await replies.receive({ provider: provider.id, ...sms });
      if (result.updates.length > 0) await deliverUpdates({ store, engine }, result.updates, new Date(clock.now()));
      logger.info(`inbound from ${provider.id}: ${result.replies.length} message(s), ${result.updates.length} report(s)`);
    }
    return c.body(result.reply.body, result.reply.status as 200, { 'content-type': result.reply.contentType ?? 'text/plain; charset=utf-8' });
  });
