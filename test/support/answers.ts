import { expect } from 'vitest';

/** The body of a relay's answer, once it is the status wanted (else the test fails with the answer's words). */
export async function expectStatus(reply: Promise<{ status: number; body: any; text?: string }>, status = 200): Promise<any> {
  const { status: got, body, text } = await reply;
  expect(got, (text ?? JSON.stringify(body)).slice(0, 500)).toBe(status);
  return body;
}
