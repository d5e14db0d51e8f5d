import { Hono } from 'hono';
import { z } from 'zod';
import { crmIdSchema, sendMessageSchema } from '../../shared/api';
import type { AuthEnv } from '../auth/auth';
import type { AppDeps } from '../app';
import { noteForAudit } from '../http/audit-trail';
import { jsonBody, queryParams } from '../http/validation';
import { sendSingleMessage } from '../messages/send-message';

export const messageRoutes = ({ store, providers, clock, config, engine, optedOutAtProvider }: AppDeps) =>
  new Hono<AuthEnv>()
    .post('/', jsonBody(sendMessageSchema), async (c) => {
      const request = c.req.valid('json');
      noteForAudit(c, {
        target: { to: request.to, ...(request.contact ? { crmId: request.contact.crmId } : {}) },
        details: { text: request.text, ...(request.confirmOptedOut ? { confirmOptedOut: true } : {}) },
      });
      const deps = { store, provider: providers.active, clock, phones: config, optedOutAtProvider };
      const message = await sendSingleMessage(deps, { ...request, user: c.get('user').name });
      noteForAudit(c, { target: { phone: message.phone }, details: { messageId: message.id } });
      return c.json(message, 201);
    })
    .get('/', queryParams(z.strictObject({ contactId: crmIdSchema })), (c) => {
      const { contactId } = c.req.valid('query');
      // Card messages and mailing messages together, newest first (the mailing column tells them apart).
      const messages = [...store.messages.forContact(contactId), ...engine.messagesForContact(contactId)];
      return c.json({ messages: messages.sort((a, b) => b.createdAt.localeCompare(a.createdAt)) });
    });
