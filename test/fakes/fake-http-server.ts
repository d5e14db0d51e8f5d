import { createServer, type IncomingMessage, type ServerResponse } from 'node:http';
import type { AddressInfo } from 'node:net';

/** A request as the fake provider saw it on the wire. */
export interface RecordedRequest {
  method: string;
  path: string;
  query: URLSearchParams;
  headers: IncomingMessage['headers'];
  body: string;
  /** The body parsed as a form, when it was form-encoded (else empty). */
  form: URLSearchParams;
  /** The body parsed as JSON, when it was JSON. */
  json: unknown;
  /** When it arrived (Date.now()). */
  receivedAt: number;
}

export interface FakeReply {
  status?: number;
  body: string | object;
  headers?: Record<string, string>;
  /** Wait this long before answering (to test timeouts). */
  delayMs?: number;
  /** Reset the connection (TCP RST) instead of answering, after `delayMs` if given. */
  resetConnection?: boolean;
}

export type FakeHandler = (request: RecordedRequest) => FakeReply | Promise<FakeReply>;

export interface FakeHttpServer {
  url: string;
  requests: RecordedRequest[];
  /** Replaces the handler, e.g. to make the next answers errors. */
  handle(handler: FakeHandler): void;
  close(): Promise<void>;
}

/** A local HTTP server on 127.0.0.1 that records every request and answers through `handler`. */
export async function startFakeHttpServer(handler: FakeHandler): Promise<FakeHttpServer> {
  let current = handler;
  const requests: RecordedRequest[] = [];
  const server = createServer(async (req: IncomingMessage, res: ServerResponse) => {
    const receivedAt = Date.now();
    const chunks: Buffer[] = [];
    for await (const chunk of req) chunks.push(chunk as Buffer);
    const body = Buffer.concat(chunks).toString('utf8');
    const url = new URL(req.url ?? '/', 'http://127.0.0.1');
    const contentType = req.headers['content-type'] ?? '';
    const recorded: RecordedRequest = {
      method: req.method ?? 'GET',
      path: url.pathname,
      query: url.searchParams,
      headers: req.headers,
      body,
      form: contentType.includes('x-www-form-urlencoded') ? new URLSearchParams(body) : new URLSearchParams(),
      json: contentType.includes('json') && body ? safeJson(body) : undefined,
      receivedAt,
    };
    requests.push(recorded);
    try {
      const reply = await current(recorded);
      if (reply.delayMs) await new Promise((resolve) => setTimeout(resolve, reply.delayMs));
      if (res.destroyed) return;
      if (reply.resetConnection) {
        req.socket.resetAndDestroy();
        return;
      }
      const text = typeof reply.body === 'string' ? reply.body : JSON.stringify(reply.body);
      res.writeHead(reply.status ?? 200, {
        'content-type': typeof reply.body === 'string' ? 'text/plain; charset=utf-8' : 'application/json',
        ...reply.headers,
      });
      res.end(text);
    } catch (error) {
      res.writeHead(500, { 'content-type': 'text/plain' });
      res.end(String(error));
    }
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const { port } = server.address() as AddressInfo;
  return {
    url: `http://127.0.0.1:${port}`,
    requests,
    handle(next) {
      current = next;
    },
    close: () =>
      new Promise<void>((resolve) => {
        server.closeAllConnections();
        server.close(() => resolve());
      }),
  };
}

/** The `user:password` of a request's HTTP Basic authorisation, if it has one. */
export function basicCredentials(request: RecordedRequest): string | undefined {
  const header = request.headers.authorization ?? '';
  return header.startsWith('Basic ') ? Buffer.from(header.slice(6), 'base64').toString('utf8') : undefined;
}

function safeJson(text: string): unknown {
  try {
    return JSON.parse(text);
  } catch {
    return undefined;
  }
}
