import { createMiddleware } from 'hono/factory';
import type { AuditNote } from '../../shared/audit';
import { ApiError } from '../http/api-error';
import { ROLES, type Role, type TokenStore } from '../store/tokens';

export interface AuthUser {
  name: string;
  role: Role;
}

export interface AuthEnv {
  Variables: {
    user: AuthUser;
    /** The id of the token presented (never the token itself). */
    tokenId?: string;
    /** What the route adds to the request's audit entry (set on audited requests only). */
    auditNote?: AuditNote;
  };
}

/** Every /api route: `Authorization: Bearer <token>` of a live token. */
export const requireToken = (tokens: TokenStore) =>
  createMiddleware<AuthEnv>(async (c, next) => {
    const header = c.req.header('authorization') ?? '';
    const match = /^Bearer\s+(\S+)$/i.exec(header);
    if (!match) {
      throw new ApiError(
        401,
        'unauthorized',
        header
          ? 'The Authorization header must be "Bearer <token>"'
          : 'An access token is required: send "Authorization: Bearer <token>" (an admin creates one with "npm run relay -- token create")',
        {
          messageRu: 'Нужен токен доступа: укажите его в настройках расширения',
        },
      );
    }
    const record = await tokens.verify(match[1]!);
    if (!record) {
      throw new ApiError(401, 'unauthorized', 'The access token is not valid or has been revoked', {
        messageRu: 'Токен доступа недействителен или отозван',
      });
    }
    c.set('user', { name: record.user, role: record.role });
    c.set('tokenId', record.id);
    await next();
  });

/** Roles are ordered: an admin may do what a marketer may, a marketer what an agent may. */
export const requireRole = (role: Role) =>
  createMiddleware<AuthEnv>(async (c, next) => {
    const user = c.get('user');
    if (ROLES.indexOf(user.role) < ROLES.indexOf(role)) {
      throw new ApiError(403, 'forbidden', `This needs the role "${role}" or higher; the token of "${user.name}" has "${user.role}"`, {
        messageRu: 'Недостаточно прав для этого действия',
      });
    }
    await next();
  });
