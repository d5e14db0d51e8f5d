import { createHash } from 'node:crypto';

/**
 * SMSC's send.php takes a client-chosen message `id`: "a 32-bit number 1…2147483647, or a string of up to
 * 40 Latin letters, digits and `.-_`" (SMSC HTTP API, send parameters). status.php then answers about it.
 */
const SMSC_TEXT_ID = /^[A-Za-z0-9._-]{1,40}$/;

/**
 * The SMSC `id` for a message reference: the reference itself when SMSC accepts it as a text id, else a
 * 40-character digest of it, so the same reference always gives the same id. An all-digit reference goes
 * through the digest too: SMSC would read it as a number, which has its own range and no leading zeros.
 */
export function smscIdForRef(ref: string): string {
  if (SMSC_TEXT_ID.test(ref) && !/^\d+$/.test(ref)) return ref;
  return `r${createHash('sha256').update(ref).digest('hex').slice(0, 39)}`;
}
