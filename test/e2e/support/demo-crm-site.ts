import { readFileSync } from 'node:fs';
import { createServer } from 'node:http';
import type { AddressInfo } from 'node:net';

const DEMO_CRM = readFileSync(new URL('../../../relay/demo/demo-crm.html', import.meta.url), 'utf8');

export interface DemoCrmSite {
  /** The site's origin, e.g. http://127.0.0.1:41234 */
  origin: string;
  /** The demo CRM on this site: `${demo}#/contacts/1` … */
  demo: string;
  close(): Promise<void>;
}

/**
 * The relay's demo CRM markup served by a site of its own on 127.0.0.1 (another origin than the relay),
 * optionally with a script of the page first in its <head>, before anything else of the page or the extension runs.
 */
export async function startDemoCrmSite(options: { headScript?: string } = {}): Promise<DemoCrmSite> {
  const page = options.headScript === undefined ? DEMO_CRM : DEMO_CRM.replace('<head>', '<head>\n<script src="/page-script.js"></script>');
  const server = createServer((request, response) => {
    if (request.url === '/page-script.js' && options.headScript !== undefined) {
      return void response.writeHead(200, { 'content-type': 'text/javascript; charset=utf-8' }).end(options.headScript);
    }
    if (request.url?.startsWith('/demo/')) return void response.writeHead(200, { 'content-type': 'text/html; charset=utf-8' }).end(page);
    response.writeHead(404).end();
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const origin = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
  return {
    origin,
    demo: `${origin}/demo/`,
    close: () =>
      new Promise((resolve) => {
        server.closeAllConnections();
        server.close(() => resolve());
      }),
  };
}
