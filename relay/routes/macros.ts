import { Hono } from 'hono';
import type { AuthEnv } from '../auth/auth';
import type { AppDeps } from '../app';
import { macroCatalogue } from '../mailings/macros-known';

/** The macro picker's list: standard macros and the custom fields contacts have. */
export const macroRoutes = ({ store }: AppDeps) => new Hono<AuthEnv>().get('/', (c) => c.json({ macros: macroCatalogue(store) }));
