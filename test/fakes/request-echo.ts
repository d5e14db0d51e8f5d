import { basicCredentials, type RecordedRequest } from './fake-http-server';

/**
 * Everything a request carried, as a careless (or hostile) provider or proxy would echo it back: the request
 * line with its query, the raw body (first, so that a cut short answer still carries it), every header
 * (Authorization included), the form and query decoded, the Basic credentials decoded; then the whole of that
 * again URL-encoded and base64-encoded.
 */
/** How every echo begins, so a test can tell that the echo came back (scrubbed). */
export const ECHO_MARK = 'echo of the request:';

export function echoOf(request: RecordedRequest): string {
  const query = request.query.toString();
  const decoded = (params: URLSearchParams) => [...params].map(([name, value]) => `${name}=${value}`);
  const dump = [
    `${request.method} ${request.path}${query ? `?${query}` : ''}`,
    request.body,
    ...Object.entries(request.headers).map(([name, value]) => `${name}: ${String(value)}`),
    ...decoded(request.query),
    ...decoded(request.form),
    `basic credentials: ${basicCredentials(request) ?? '-'}`,
  ].join('\n');
  return [ECHO_MARK, dump, encodeURIComponent(dump), Buffer.from(dump).toString('base64')].join('\n');
}
