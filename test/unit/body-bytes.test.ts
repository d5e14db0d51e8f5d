import { describe, expect, it } from 'vitest';
import { bodyBytes } from '../../relay/http/body-bytes';

/** A request whose body arrives in `pieces`, declaring `declared` bytes (or nothing). */
function upload(pieces: string[], declared?: number): Request {
  const encoder = new TextEncoder();
  const body = new ReadableStream<Uint8Array>({
    start(controller) {
      for (const piece of pieces) controller.enqueue(encoder.encode(piece));
      controller.close();
    },
  });
  const headers = declared === undefined ? {} : { 'content-length': String(declared) };
  return new Request('http://127.0.0.1/api/contacts/import', { method: 'POST', body, headers, duplex: 'half' } as RequestInit);
}

const text = (bytes: Uint8Array) => new TextDecoder().decode(bytes);

describe('a request body read as it arrives', () => {
  const pieces = ['Id;ФИО\n', 'csv-1;Иванов Иван\n', 'csv-2;Петрова Анна\n'];
  const whole = pieces.join('');
  const size = new TextEncoder().encode(whole).length;

  it('is every byte in order, whether the request declares its size or not', async () => {
    expect(text(await bodyBytes(upload(pieces, size), 1 << 20))).toBe(whole);
    expect(text(await bodyBytes(upload(pieces), 1 << 20))).toBe(whole);
  });

  it('is right when the declared size is wrong either way, or over the limit', async () => {
    expect(text(await bodyBytes(upload(pieces, 3), 1 << 20))).toBe(whole);
    expect(text(await bodyBytes(upload(pieces, size * 10), 1 << 20))).toBe(whole);
    expect(text(await bodyBytes(upload(pieces, 1 << 30), 1 << 20))).toBe(whole);
  });

  it('grows past its first guess for a long body of many pieces', async () => {
    const many = Array.from({ length: 3000 }, (_, k) => `csv-${k};Покупатель ${k}\n`);
    expect(text(await bodyBytes(upload(many), 1 << 26))).toBe(many.join(''));
  });

  it('is empty for a request without a body', async () => {
    expect((await bodyBytes(new Request('http://127.0.0.1/', { method: 'POST' }), 1024)).length).toBe(0);
  });
});
