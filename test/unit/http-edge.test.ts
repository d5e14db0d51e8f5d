import { Hono } from 'hono';
import { describe, expect, it } from 'vitest';
import { ApiError } from '../../relay/http/api-error';
import { limitBody } from '../../relay/http/body-limit';
import { corsHeaders } from '../../relay/http/cors-headers';

/**
 * The body limit and CORS are on every request's way; neither may make it cost more than its answer.
 * @hono/node-server turns a request into a web Request (with a ReadableStream over the socket) only
 * when something asks for its `body`, and writes an answer's text straight to the socket only while
 * it is the route's own Response: hono's bodyLimit asked for the body of every request, GETs too, and
 * hono's cors replaced every answer with a copy made through a stream — at 100k contacts that took as
 * much of the relay's CPU as the group count it answered.
 */
const LIMIT = 64;
const EXTENSION = 'chrome-extension://abcdefghijklmnop';

function edgeApp() {
  const answered: Response[] = [];
  const app = new Hono()
    .use(
      corsHeaders({
        origin: (origin) => (origin === EXTENSION ? origin : null),
        allowHeaders: ['Authorization', 'Content-Type'],
        exposeHeaders: ['ETag'],
        allowMethods: ['GET', 'POST'],
        maxAge: 600,
      }),
    )
    .use(limitBody(LIMIT))
    .get('/thing', (c) => {
      const res = c.json({ ok: true });
      answered.push(res);
      return res;
    })
    .post('/echo', async (c) => {
      const res = c.json({ text: await c.req.text() });
      answered.push(res);
      return res;
    })
    .get('/fails', () => {
      throw new ApiError(409, 'conflict', 'No');
    });
  app.onError((error, c) => (error instanceof ApiError ? c.json(error.toBody(), error.status) : c.json({ error: String(error) }, 500)));
  return { app, answered };
}

/** A request that counts who asks for its body stream (reading it with text() does not). */
function counted(url: string, init: RequestInit & { duplex?: 'half' }) {
  const request = new Request(`http://relay${url}`, init);
  const asked = { body: 0 };
  const body = Object.getOwnPropertyDescriptor(Request.prototype, 'body')!.get!;
  Object.defineProperty(request, 'body', {
    get() {
      asked.body++;
      return body.call(this);
    },
  });
  return { request, asked };
}

const chunked = (text: string) =>
  new ReadableStream<Uint8Array>({
    start(controller) {
      for (const piece of text.match(/.{1,10}/gs) ?? []) controller.enqueue(new TextEncoder().encode(piece));
      controller.close();
    },
  });

describe('the body limit', () => {
  it('asks for no body stream to judge a GET or a body that declares its length', async () => {
    const { app } = edgeApp();
    const get = counted('/thing', { method: 'GET' });
    expect((await app.fetch(get.request)).status).toBe(200);
    const post = counted('/echo', { method: 'POST', body: 'hello', headers: { 'content-length': '5' } });
    const answer = await app.fetch(post.request);
    expect(await answer.json()).toEqual({ text: 'hello' });
    expect([get.asked.body, post.asked.body]).toEqual([0, 0]);
  });

  it('refuses a declared length over the limit with 413, and counts a body that declares none', async () => {
    const { app } = edgeApp();
    const declared = await app.fetch(new Request('http://relay/echo', { method: 'POST', body: 'x'.repeat(LIMIT + 1), headers: { 'content-length': String(LIMIT + 1) } }));
    expect(declared.status).toBe(413);
    expect(await declared.json()).toEqual({ error: { code: 'payload_too_large', message: `The request body is larger than the limit of ${LIMIT} bytes` } });
    const tooLong = await app.fetch(new Request('http://relay/echo', { method: 'POST', body: chunked('y'.repeat(LIMIT + 1)), duplex: 'half' } as RequestInit));
    expect(tooLong.status).toBe(413);
    const fits = await app.fetch(new Request('http://relay/echo', { method: 'POST', body: chunked('z'.repeat(LIMIT)), duplex: 'half' } as RequestInit));
    expect(await fits.json()).toEqual({ text: 'z'.repeat(LIMIT) });
  });
});

describe('CORS headers', () => {
  it("go on the route's own answer, which goes out as the route made it", async () => {
    const { app, answered } = edgeApp();
    const answer = await app.fetch(new Request('http://relay/thing', { headers: { origin: EXTENSION } }));
    expect(answer).toBe(answered[0]);
    expect(answer.headers.get('access-control-allow-origin')).toBe(EXTENSION);
    expect(answer.headers.get('access-control-expose-headers')).toBe('ETag');
    expect(answer.headers.get('vary')).toBe('Origin');
    expect(await answer.json()).toEqual({ ok: true });
  });

  it('are on error answers and unknown routes too, and name no origin but an allowed one', async () => {
    const { app } = edgeApp();
    for (const path of ['/fails', '/nowhere']) {
      const allowed = await app.fetch(new Request(`http://relay${path}`, { headers: { origin: EXTENSION } }));
      expect(allowed.headers.get('access-control-allow-origin'), path).toBe(EXTENSION);
      expect(allowed.headers.get('vary'), path).toBe('Origin');
      const page = await app.fetch(new Request(`http://relay${path}`, { headers: { origin: 'https://evil.example' } }));
      expect(page.headers.get('access-control-allow-origin'), path).toBeNull();
      expect(page.headers.get('access-control-expose-headers'), path).toBe('ETag');
    }
    expect((await app.fetch(new Request('http://relay/fails', { headers: { origin: EXTENSION } }))).status).toBe(409);
  });

  it('answer a preflight as before: the allowed origin, methods and headers, 204', async () => {
    const { app } = edgeApp();
    const preflight = await app.fetch(
      new Request('http://relay/echo', {
        method: 'OPTIONS',
        headers: { origin: EXTENSION, 'access-control-request-method': 'POST', 'access-control-request-headers': 'content-type' },
      }),
    );
    expect(preflight.status).toBe(204);
    expect(preflight.headers.get('access-control-allow-origin')).toBe(EXTENSION);
    expect(preflight.headers.get('access-control-allow-methods')).toBe('GET,POST');
    expect(preflight.headers.get('access-control-allow-headers')).toBe('Authorization,Content-Type');
    expect(preflight.headers.get('access-control-max-age')).toBe('600');
    const page = await app.fetch(
      new Request('http://relay/echo', { method: 'OPTIONS', headers: { origin: 'https://evil.example', 'access-control-request-method': 'POST' } }),
    );
    expect(page.headers.get('access-control-allow-origin')).toBeNull();
  });
});
