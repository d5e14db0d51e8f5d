import { createServer, type IncomingMessage } from 'node:http';
import type { AddressInfo } from 'node:net';

/** What the gateway does with one request: pass it on, pass it on and lose the answer, or drop it. */
export type GatewayMove = 'pass' | 'answer-502-after-forwarding' | 'answer-502-without-forwarding';

export interface GatewayProxy {
  url: string;
  /** How many requests met each move. */
  counts: Record<GatewayMove, number>;
  close(): Promise<void>;
}

const bodyOf = async (request: IncomingMessage): Promise<Buffer> => {
  const chunks: Buffer[] = [];
  for await (const chunk of request) chunks.push(chunk as Buffer);
  return Buffer.concat(chunks);
};

/**
 * A gateway (proxy, load balancer) on 127.0.0.1 in front of a fake provider that fails the way real
 * ones do: for the requests `decide` picks, it answers a bare 502 — after the provider got the
 * request, or without passing it on. The relay cannot tell the two apart; the provider can.
 */
export async function startGatewayProxy(target: string, decide: (path: string, body: string, n: number) => GatewayMove): Promise<GatewayProxy> {
  const counts: GatewayProxy['counts'] = { pass: 0, 'answer-502-after-forwarding': 0, 'answer-502-without-forwarding': 0 };
  let n = 0;
  const server = createServer(async (request, response) => {
    const body = await bodyOf(request);
    const path = request.url ?? '/';
    const move = decide(path, body.toString('utf8'), n++);
    counts[move]++;
    if (move === 'answer-502-without-forwarding') {
      response.writeHead(502, { 'content-type': 'text/html' }).end('<html><body><h1>502 Bad Gateway</h1></body></html>');
      return;
    }
    const headers: Record<string, string> = {};
    for (const [key, value] of Object.entries(request.headers)) if (typeof value === 'string' && key !== 'host' && key !== 'content-length') headers[key] = value;
    const answer = await fetch(target + path, { method: request.method, headers, body: request.method === 'GET' ? undefined : body.toString('utf8') });
    const text = await answer.text();
    if (move === 'answer-502-after-forwarding') {
      response.writeHead(502, { 'content-type': 'text/html' }).end('<html><body><h1>502 Bad Gateway</h1></body></html>');
      return;
    }
    response.writeHead(answer.status, { 'content-type': answer.headers.get('content-type') ?? 'text/plain' }).end(text);
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const { port } = server.address() as AddressInfo;
  return {
    url: `http://127.0.0.1:${port}`,
    counts,
    close: () => new Promise((resolve) => server.close(() => resolve())),
  };
}
