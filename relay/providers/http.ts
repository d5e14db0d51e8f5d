import http from 'node:http';
import https from 'node:https';
import { ProviderError } from './provider-error';

export interface ProviderHttpRequest {
  url: string;
  method?: 'GET' | 'POST';
  /** Sent form-encoded. */
  form?: URLSearchParams;
  /** Sent as JSON. */
  json?: unknown;
  headers?: Record<string, string>;
  timeoutMs: number;
  /**
   * For an HTTP 5xx answer: whether the provider documents this answer as "request not processed"
   * (nothing sent, safe to retry). Any other 5xx may come after the provider acted on the request
   * (e.g. a proxy in front of it failing), so its outcome is unknown. Absent: every 5xx is unknown.
   */
  notProcessed?: (status: number, text: string) => boolean;
}

export interface ProviderHttpReply {
  status: number;
  text: string;
}

const CONNECT_FAILURES = new Set(['ECONNREFUSED', 'ENOTFOUND', 'EAI_AGAIN', 'EHOSTUNREACH', 'ENETUNREACH']);

/**
 * One HTTP exchange with a provider. Failures become retryable ProviderErrors: a connection that could
 * not be made is certainly not acted on; a timeout, a connection cut mid-way, and an HTTP 5xx the
 * provider does not document as "not processed" (`notProcessed`) have an unknown outcome (the provider
 * may have sent the SMS).
 */
export async function providerHttp(request: ProviderHttpRequest): Promise<ProviderHttpReply> {
  const headers: Record<string, string> = { accept: 'application/json', ...request.headers };
  let body: string | undefined;
  if (request.form) {
    headers['content-type'] = 'application/x-www-form-urlencoded';
    body = request.form.toString();
  } else if (request.json !== undefined) {
    headers['content-type'] = 'application/json';
    body = JSON.stringify(request.json);
  }
  let reply: ProviderHttpReply;
  try {
    reply = await exchange(request.url, request.method ?? (body === undefined ? 'GET' : 'POST'), headers, body, request.timeoutMs);
  } catch (error) {
    throw networkFailure(error);
  }
  if (reply.status >= 300 && reply.status < 400) {
    // Never followed: a provider's API does not move, and a redirect could carry the credentials elsewhere.
    throw new ProviderError('service_unavailable', { providerCode: `HTTP ${reply.status}`, providerText: 'redirect refused', outcomeUnknown: true });
  }
  if (reply.status >= 500) {
    const certainlyNotProcessed = request.notProcessed?.(reply.status, reply.text) ?? false;
    throw new ProviderError('service_unavailable', { providerCode: `HTTP ${reply.status}`, outcomeUnknown: !certainlyNotProcessed });
  }
  return reply;
}

/**
 * Connections kept open between exchanges, as many as the send loop's batches in flight need. A socket
 * idle for IDLE_MS is closed by the relay first: most servers drop idle ones after 5 s or more, and a
 * request written to a socket the server has just closed fails with an outcome nobody can know.
 */
const IDLE_MS = 4_000;
const agents = {
  'http:': new http.Agent({ keepAlive: true, maxSockets: 32, timeout: IDLE_MS, scheduling: 'lifo' }),
  'https:': new https.Agent({ keepAlive: true, maxSockets: 32, timeout: IDLE_MS, scheduling: 'lifo' }),
};

class ExchangeTimeout extends Error {
  override name = 'TimeoutError';
}

/** One request and its whole answer over node:http(s): half the CPU of fetch for the same exchange (measured in the mailing bench). */
function exchange(url: string, method: string, headers: Record<string, string>, body: string | undefined, timeoutMs: number): Promise<ProviderHttpReply> {
  const target = new URL(url);
  const agent = agents[target.protocol as keyof typeof agents];
  if (!agent) return Promise.reject(new Error(`unsupported protocol ${target.protocol}`));
  const send = target.protocol === 'https:' ? https.request : http.request;
  if (body !== undefined) headers['content-length'] = String(Buffer.byteLength(body));
  return new Promise((resolve, reject) => {
    const request = send(target, { method, headers, agent }, (response) => {
      const chunks: Buffer[] = [];
      response.on('data', (chunk: Buffer) => chunks.push(chunk));
      response.on('end', () => {
        clearTimeout(timer);
        resolve({ status: response.statusCode ?? 0, text: Buffer.concat(chunks).toString('utf8') });
      });
      response.on('error', fail);
      response.on('aborted', () => fail(Object.assign(new Error('answer cut short'), { code: 'ECONNRESET' })));
    });
    const timer = setTimeout(() => request.destroy(new ExchangeTimeout(`no whole answer in ${timeoutMs} ms`)), timeoutMs);
    function fail(error: unknown) {
      clearTimeout(timer);
      reject(error);
    }
    request.on('error', fail);
    request.end(body);
  });
}

function networkFailure(error: unknown): ProviderError {
  const name = (error as { name?: string })?.name;
  if (name === 'TimeoutError' || name === 'AbortError') {
    return new ProviderError('timeout', { outcomeUnknown: true });
  }
  const code = (error as { code?: string })?.code ?? (error as { cause?: { code?: string } })?.cause?.code;
  if (code && CONNECT_FAILURES.has(code)) {
    return new ProviderError('service_unavailable', { providerText: code });
  }
  return new ProviderError('service_unavailable', { providerText: code ?? 'connection failed', outcomeUnknown: true });
}

/**
 * Parses a provider's JSON answer; anything else is an unusable answer from a failing service. A 2xx
 * that is not JSON may still have been acted on (its outcome is unknown); any other status was a refusal.
 * The answer is quoted whole: it is cut short only once the credentials are out of it (keep-secrets.ts).
 */
export function parseJsonReply<T = unknown>(reply: ProviderHttpReply): T {
  try {
    return JSON.parse(reply.text) as T;
  } catch {
    throw new ProviderError('service_unavailable', {
      providerText: `unexpected answer (HTTP ${reply.status}): ${reply.text}`,
      outcomeUnknown: reply.status >= 200 && reply.status < 300,
    });
  }
}

/** One exchange whose answer should be JSON. */
export async function providerJson(request: ProviderHttpRequest): Promise<{ status: number; body: unknown }> {
  const reply = await providerHttp(request);
  return { status: reply.status, body: parseJsonReply(reply) };
}

/** Providers send money and counts as numbers or as strings ("1.74", "1,74"): read both. */
export function lenientNumber(value: unknown): number | undefined {
  if (typeof value === 'number') return Number.isFinite(value) ? value : undefined;
  if (typeof value === 'string' && value.trim() !== '') {
    const parsed = Number(value.trim().replace(',', '.'));
    return Number.isFinite(parsed) ? parsed : undefined;
  }
  return undefined;
}

/** What HTTP Basic authorisation sends (base64-encoded): itself a credential to keep out of every text. */
export const basicAuthPair = (user: string, password: string): string => `${user}:${password}`;

export const basicAuth = (user: string, password: string): string => `Basic ${Buffer.from(basicAuthPair(user, password)).toString('base64')}`;

/** Joins a configured base URL and a path without doubling or losing the slash. */
export const joinUrl = (base: string, path: string): string => `${base.replace(/\/+$/, '')}/${path.replace(/^\/+/, '')}`;
