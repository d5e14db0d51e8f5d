import { readFileSync } from 'node:fs';
import { createServer } from 'node:http';
import type { AddressInfo } from 'node:net';

const CARDS: Record<string, string> = {
  '/clients/1001': readFileSync(new URL('../../fixtures/unknown-crm-card-1.html', import.meta.url), 'utf8'),
  '/clients/1002': readFileSync(new URL('../../fixtures/unknown-crm-card-2.html', import.meta.url), 'utf8'),
};

export interface UnknownCrmSite {
  /** The site's origin, e.g. http://127.0.0.1:41234 */
  origin: string;
  /** The two client cards: same structure, other data (test/fixtures/unknown-crm-card-*.html). */
  card1: string;
  card2: string;
  close(): Promise<void>;
}

/** A CRM no adapter knows, on a site of its own on 127.0.0.1: the product's own two client card pages. */
export async function startUnknownCrmSite(): Promise<UnknownCrmSite> {
  const server = createServer((request, response) => {
    const page = CARDS[new URL(request.url ?? '/', 'http://x').pathname];
    if (page) return void response.writeHead(200, { 'content-type': 'text/html; charset=utf-8' }).end(page);
    response.writeHead(404).end();
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const origin = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
  return {
    origin,
    card1: `${origin}/clients/1001`,
    card2: `${origin}/clients/1002`,
    close: () =>
      new Promise((resolve) => {
        server.closeAllConnections();
        server.close(() => resolve());
      }),
  };
}
