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
}

export interface ProviderHttpReply {
  status: number;
  text: string;
}

const CONNECT_FAILURES = new Set(['ECONNREFUSED', 'ENOTFOUND', 'EAI_AGAIN', 'EHOSTUNREACH', 'ENETUNREACH']);

/**
 * One HTTP exchange with a provider. Failures become ProviderErrors: a refused connection is
 * retryable and certainly not acted on; a timeout or a connection cut mid-way is retryable but its
 * outcome is unknown (the provider may have sent the SMS). HTTP 5xx is "service unavailable".
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
    throw new ProviderError('service_unavailable', { providerCode: `HTTP ${response.status}` });
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

/** Parses a provider's JSON answer; anything else is an unusable answer from a failing service. */
export function parseJsonReply<T = unknown>(reply: ProviderHttpReply): T {
  try {
    return JSON.parse(reply.text) as T;
  } catch {
    throw new ProviderError('service_unavailable', {
      providerText: `unexpected answer (HTTP ${reply.status}): ${reply.text.slice(0, 80)}`,
    });
  }
}

/**
 * One exchange whose answer should be JSON. `redact` takes credentials out of any error text (a
 * failing service may echo the request back).
 */
export async function providerJson(
  request: ProviderHttpRequest & { redact?: (text: string | undefined) => string | undefined },
): Promise<{ status: number; body: unknown }> {
  try {
    const reply = await providerHttp(request);
    return { status: reply.status, body: parseJsonReply(reply) };
  } catch (error) {
    if (error instanceof ProviderError && request.redact) throw error.withProviderText(request.redact(error.providerText));
    throw error;
  }
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

export const basicAuth = (user: string, password: string): string =>
  `Basic ${Buffer.from(`${user}:${password}`).toString('base64')}`;

/** Joins a configured base URL and a path without doubling or losing the slash. */
export const joinUrl = (base: string, path: string): string => `${base.replace(/\/+$/, '')}/${path.replace(/^\/+/, '')}`;
