import type { IncomingMessage, Server, ServerResponse } from 'node:http';

/**
 * A request whose body has not all arrived `timeoutMs` after it started is answered 408 and its
 * connection closed: a client that trickles a byte at a time cannot hold a connection (and the
 * handler waiting on it) for ever. Node's own requestTimeout is checked only now and then; this is exact.
 */
export function cutSlowRequests(server: Server, timeoutMs: number): void {
  server.on('request', (request: IncomingMessage, response: ServerResponse) => {
    if (request.complete) return;
    const timer = setTimeout(() => {
      if (request.complete) return;
      const body = JSON.stringify({ error: { code: 'request_timeout', message: `The request body did not arrive within ${timeoutMs / 1000} s` } });
      if (!response.headersSent) response.writeHead(408, { 'content-type': 'application/json; charset=utf-8', connection: 'close' });
      response.end(body);
      request.socket.destroySoon();
    }, timeoutMs);
    timer.unref();
    request.once('end', () => clearTimeout(timer));
    response.once('close', () => clearTimeout(timer));
  });
}
