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
  let response: Response;
  let text: string;
  try {
    response = await fetch(request.url, {
      method: request.method ?? (body === undefined ? 'GET' : 'POST'),
      headers,
      body,
      signal: AbortSignal.timeout(request.timeoutMs),
      redirect: 'error',
    });
    text = await response.text();
  } catch (error) {
    throw networkFailure(error);
  }
  if (response.status >= 500) {
    const certainlyNotProcessed = request.notProcessed?.(response.status, text) ?? false;
    throw new ProviderError('service_unavailable', { providerCode: `HTTP ${response.status}`, outcomeUnknown: !certainlyNotProcessed });
  }
  return { status: response.status, text };
}

function networkFailure(error: unknown): ProviderError {
  const name = (error as { name?: string })?.name;
  if (name === 'TimeoutError' || name === 'AbortError') {
    return new ProviderError('timeout', { outcomeUnknown: true });
  }
  const code = (error as { cause?: { code?: string } })?.cause?.code;
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
