import { Hono } from 'hono';

/** The demo CRM (a contact list and contact cards) at /demo/, for trying the extension without a CRM. */
export const demoRoutes = (page: string | undefined) => {
  const routes = new Hono();
  if (!page) return routes;
  return routes.get('/demo', (c) => c.redirect('/demo/')).get('/demo/', (c) => c.html(page));
};
