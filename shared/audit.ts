import { z } from 'zod';

/** A short fact of an audit entry: an id, a count, a code, the first words of a text. */
export type AuditValue = string | number | boolean;

/**
 * What a route adds to its request's audit entry where the route and its parameters alone do not say
 * enough: whom a send went to, how many recipients a launch froze, a stop-list change's phone and source.
 */
export interface AuditNote {
  target?: Record<string, string>;
  details?: Record<string, AuditValue>;
}

/**
 * Who changes data without an API token: the relay itself (a reply's STOP taken in, the scheduler, the
 * engine pausing or finishing a mailing, the provider sync, a provider's refusal) or its command line.
 */
export const SYSTEM_ACTORS = ['system:inbound', 'system:scheduler', 'system:engine', 'system:stop-list-sync', 'system:send', 'cli'] as const;
export type SystemActor = (typeof SYSTEM_ACTORS)[number];

/** One data-changing request, or one change the relay made on its own, as the audit log keeps it (GET /api/audit). */
export interface AuditEntry {
  /** 1, 2, 3 … in the order they came. */
  n: number;
  /** ISO: when the request came, before anything was done (a change of the relay's own: when it began). */
  at: string;
  /** The token's user and role, and the token's id (never the token); for a change without a token, a SystemActor with role "system" and no token. */
  user: string;
  role: 'agent' | 'marketer' | 'admin' | 'system';
  tokenId: string | null;
  /** Method and route, e.g. "POST /api/mailings/:id/launch"; a change without a request names itself, e.g. "stop-list add", "mailing pause". */
  action: string;
  /** What it acted on: the route's parameters (id, crmId, phone) and what the route noted. */
  target: Record<string, string>;
  details: Record<string, AuditValue>;
  /** The CRM site the request came from, as the extension says (the `X-CRM-Site` header); null when not said. */
  site: string | null;
  /**
   * The HTTP status answered; for a change without a request, 200 done, 503 the disk refused it, 500 it
   * failed otherwise. Null when the relay stopped before the outcome could be written.
   */
  status: number | null;
}

/** GET /api/audit: a page of entries, newest first, and how many there are in all. */
export interface AuditPage {
  total: number;
  entries: AuditEntry[];
}

export const auditQuerySchema = z.strictObject({
  offset: z.coerce.number().int().min(0).default(0),
  limit: z.coerce.number().int().min(1).max(1000).default(100),
});
