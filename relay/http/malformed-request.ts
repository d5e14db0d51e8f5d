import type { Socket } from 'node:net';

/**
 * Node refuses a request it cannot parse (most often a URL with raw non-ASCII characters, as
 * `curl "…?q=Иван"` sends it) before the app sees it, with an empty 400. Say what is wrong instead,
 * in the relay's error shape.
 */
export function answerMalformedRequest(error: Error & { code?: string }, socket: Socket): void {
  if (!socket.writable) {
    socket.destroy();
    return;
  }
  const invalidUrl = error.code === 'HPE_INVALID_URL';
  const body = JSON.stringify({
    error: {
      code: invalidUrl ? 'invalid_url' : 'bad_request',
      message: invalidUrl
        ? 'The URL has characters that must be percent-encoded (e.g. Cyrillic in a query): encode them, e.g. curl --get --data-urlencode "q=Иван" …'
        : `The request is not valid HTTP (${error.code ?? error.message})`,
    },
  });
  socket.end(
    `HTTP/1.1 400 Bad Request\r\ncontent-type: application/json; charset=utf-8\r\ncontent-length: ${Buffer.byteLength(body)}\r\nconnection: close\r\n\r\n${body}`,
  );
}
