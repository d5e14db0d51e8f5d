import { createHmac, timingSafeEqual } from 'node:crypto';

/**
 * Twilio's X-Twilio-Signature (twilio.com/docs/usage/webhooks/webhooks-security): the full URL Twilio
 * called (query included), then every POST parameter sorted by name as name + value with nothing between,
 * HMAC-SHA1 with the account's auth token as the key, base64.
 */
export function twilioSignature(authToken: string, url: string, params: URLSearchParams): string {
  const names = [...new Set(params.keys())].sort();
  // A name given twice signs each of its values, in the order they came (what Twilio's helpers do).
  const signed =
    url +
    names
      .map((name) =>
        params
          .getAll(name)
          .map((value) => name + value)
          .join(''),
      )
      .join('');
  return createHmac('sha1', authToken).update(signed, 'utf8').digest('base64');
}

/** Whether `given` is the signature of this request; an absent or malformed one never is. Compared in constant time. */
export function isTwilioSigned(authToken: string, url: string, params: URLSearchParams, given: string | undefined): boolean {
  if (!given) return false;
  const expected = Buffer.from(twilioSignature(authToken, url, params), 'utf8');
  const actual = Buffer.from(given, 'utf8');
  return expected.length === actual.length && timingSafeEqual(expected, actual);
}
