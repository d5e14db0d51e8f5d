import { createServer, type IncomingMessage, type Server, type ServerResponse } from 'node:http';
import type { AddressInfo, Socket } from 'node:net';
import { afterEach, describe, expect, it } from 'vitest';
import { ProviderError } from '../../relay/providers/provider-error';
import { providerHttp } from '../../relay/providers/http';

/** The one exchange every provider adapter goes through, against servers on 127.0.0.1 that misbehave on purpose. */
let server: Server | undefined;
let connections = 0;
const sockets = new Set<Socket>();

async function serve(handler: (request: IncomingMessage, response: ServerResponse, body: string) => void): Promise<string> {
  connections = 0;
  server = createServer((request, response) => {
    let body = '';
    request.on('data', (chunk) => (body += chunk));
    request.on('end', () => handler(request, response, body));
  });
  server.on('connection', (socket) => {
    connections++;
    sockets.add(socket);
    socket.on('close', () => sockets.delete(socket));
  });
  await new Promise<void>((resolve) => server!.listen(0, '127.0.0.1', resolve));
  return `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
}

afterEach(async () => {
  for (const socket of sockets) socket.destroy();
  await new Promise((resolve) => (server ? server.close(resolve) : resolve(undefined)));
  server = undefined;
});

const failureOf = (promise: Promise<unknown>) =>
  promise.then(
    () => {
      throw new Error('the exchange succeeded');
    },
    (error: unknown) => {
      expect(error).toBeInstanceOf(ProviderError);
      return error as ProviderError;
    },
  );

describe('providerHttp: one exchange with a provider', () => {
  it('sends the form and reads the whole answer; 200 exchanges one after another share a few connections', async () => {
    const url = await serve((request, response, body) => response.end(JSON.stringify({ method: request.method, type: request.headers['content-type'], body })));
    for (let k = 0; k < 200; k++) {
      const reply = await providerHttp({ url: `${url}/sms/send`, form: new URLSearchParams({ to: '79123456789', msg: `Привет ${k}` }), timeoutMs: 5_000 });
      expect(JSON.parse(reply.text)).toEqual({
        method: 'POST',
        type: 'application/x-www-form-urlencoded',
        body: `to=79123456789&msg=${encodeURIComponent(`Привет ${k}`).replaceAll('%20', '+')}`,
      });
    }
    expect(connections).toBeLessThanOrEqual(2);
  });

  it('a server that closes idle connections first costs no exchange: the next one opens a new connection', async () => {
    const url = await serve((_request, response) => response.end('{}'));
    server!.keepAliveTimeout = 50;
    await providerHttp({ url, timeoutMs: 5_000 });
    await expect.poll(() => sockets.size, { timeout: 5_000 }).toBe(0);
    expect((await providerHttp({ url, timeoutMs: 5_000 })).text).toBe('{}');
    expect(connections).toBe(2);
  });

  it('a redirect is not followed (the credentials would go along); its outcome is unknown', async () => {
    let elsewhere = 0;
    const url = await serve((request, response) => {
      if (request.url === '/elsewhere') elsewhere++;
      response.writeHead(307, { location: '/elsewhere' }).end();
    });
    const error = await failureOf(providerHttp({ url: `${url}/sms/send`, form: new URLSearchParams({ api_id: 'secret' }), timeoutMs: 5_000 }));
    expect(error.code).toBe('service_unavailable');
    expect(error.outcomeUnknown).toBe(true);
    expect(elsewhere).toBe(0);
  });

  it('no whole answer in time: a timeout, outcome unknown; a reset after the request: outcome unknown', async () => {
    const url = await serve((request, response) => {
      if (request.url === '/hang') return void response.write('{"status":');
      request.socket.destroy();
    });
    const slow = await failureOf(providerHttp({ url: `${url}/hang`, timeoutMs: 300 }));
    expect([slow.code, slow.outcomeUnknown]).toEqual(['timeout', true]);
    const reset = await failureOf(providerHttp({ url: `${url}/reset`, form: new URLSearchParams({ a: '1' }), timeoutMs: 5_000 }));
    expect([reset.code, reset.outcomeUnknown]).toEqual(['service_unavailable', true]);
  });

  it('a connection that cannot be made was certainly not acted on', async () => {
    const url = await serve((_request, response) => response.end('{}'));
    await new Promise((resolve) => server!.close(resolve));
    server = undefined;
    const refused = await failureOf(providerHttp({ url, timeoutMs: 5_000 }));
    expect([refused.code, refused.outcomeUnknown]).toEqual(['service_unavailable', false]);
  });

  it('a 5xx is unknown unless the provider documents it as not processed', async () => {
    const url = await serve((_request, response) => response.writeHead(503).end('busy'));
    const unknown = await failureOf(providerHttp({ url, timeoutMs: 5_000 }));
    expect(unknown.outcomeUnknown).toBe(true);
    const documented = await failureOf(providerHttp({ url, timeoutMs: 5_000, notProcessed: (status, text) => status === 503 && text === 'busy' }));
    expect(documented.outcomeUnknown).toBe(false);
  });
});
