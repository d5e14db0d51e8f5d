import { Hono } from 'hono';
import { conversationQuerySchema } from '../../shared/replies';
import { requireRole, type AuthEnv } from '../auth/auth';
import { queryParams } from '../http/validation';
import type { ReplyService } from '../replies/reply-service';
import { crmIdParam } from './contacts';

/** A contact's conversation («Переписка»): agents read it from the card, and opening it marks its replies read. */
export const conversationRoutes = (replies: ReplyService) =>
  new Hono<AuthEnv>()
    .get('/:crmId/conversation', requireRole('agent'), queryParams(conversationQuerySchema), (c) =>
      c.json(replies.conversation(crmIdParam(c.req.param('crmId')), c.req.valid('query'))),
    )
    .post('/:crmId/conversation/read', requireRole('agent'), async (c) => c.json(await replies.markRead(crmIdParam(c.req.param('crmId')))));

/** Replies nobody has read yet: the toolbar badge's count, and the cards to mark. */
export const replyRoutes = (replies: ReplyService) => new Hono<AuthEnv>().get('/unread', requireRole('agent'), (c) => c.json(replies.unread()));
