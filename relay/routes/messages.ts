import { Hono } from 'hono';
import { z } from 'zod';
import { crmIdSchema, sendMessageSchema } from '../../shared/api';
import type { AuthEnv } from '../auth/auth';
import type { AppDeps } from '../app';
import { jsonBody, queryParams } from '../http/validation';
import { sendSingleMessage } from '../messages/send-message';

export const messageRoutes = ({ store, providers, clock, config }: AppDeps) =>
  new Hono<AuthEnv>()
    .post('/', jsonBody(sendMessageSchema), async (c) => {
      const message = await sendSingleMessage(
        { store, provider: providers.active, clock, phones: config },
        { ...c.req.valid('json'), user: c.get('user').name },
      );
      return c.json(message, 201);
    })
    .get('/', queryParams(z.strictObject({ contactId: crmIdSchema })), (c) =>
      c.json({ messages: store.messages.forContact(c.req.valid('query').contactId) }),
    );
