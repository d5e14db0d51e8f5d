import type { MiddlewareHandler } from 'hono';
import { cors } from 'hono/cors';

export interface CorsOptions {
  /** The request's Origin when it may read the answer, else null. */
  origin: (origin: string) => string | null;
  allowHeaders: string[];
  exposeHeaders: string[];
  allowMethods: string[];
  maxAge: number;
}

/**
 * CORS as hono's cors middleware answers it, but with the headers put on the answer after the route
 * made it. Hono's sets them before the route runs, on a placeholder answer (`c.res`), so that the
 * route's own answer is then copied — body and all, through a web ReadableStream — into a new one that
 * has them, and once more for the `Vary` header it appends after; @hono/node-server can then no longer
 * write the answer's text straight to the socket. A preflight (OPTIONS) is hono's.
 */
export function corsHeaders(options: CorsOptions): MiddlewareHandler {
  const preflight = cors(options);
  const expose = options.exposeHeaders.join(',');
  return async (c, next) => {
    if (c.req.method === 'OPTIONS') return preflight(c, next);
    await next();
    const allowed = options.origin(c.req.header('origin') ?? '');
    const put = (res: Response) => {
      if (allowed) res.headers.set('Access-Control-Allow-Origin', allowed);
      if (expose) res.headers.set('Access-Control-Expose-Headers', expose);
      res.headers.append('Vary', 'Origin');
    };
    try {
      put(c.res);
    } catch {
      // An answer whose headers cannot change (one fetch() gave back): copied into one whose can.
      c.res = new Response(c.res.body, c.res);
      put(c.res);
    }
  };
}
