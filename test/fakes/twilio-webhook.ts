import { createHmac, randomBytes } from 'node:crypto';

/**
 * Twilio calling a number's "A message comes in" webhook, as its docs describe it: a form POST with
 * MessageSid, AccountSid, From, To, Body (and OptOutType under Advanced Opt-Out), signed in
 * X-Twilio-Signature: base64 HMAC-SHA1, keyed with the auth token, of the URL Twilio was given followed by
 * each parameter, sorted by name, as name then value. Written here apart from the relay's code, so that a
 * test of the relay checks it against the protocol, not against itself.
 */
export interface TwilioInboundMessage {
  From: string;
  Body: string;
  To?: string;
  MessageSid?: string;
  OptOutType?: 'STOP' | 'START' | 'HELP';
}

export const twilioMessageSid = () => `SM${randomBytes(16).toString('hex')}`;

export function twilioSignatureOf(authToken: string, url: string, fields: Record<string, string>): string {
  const data = Object.keys(fields)
    .sort()
    .reduce((text, name) => text + name + fields[name], url);
  return createHmac('sha1', Buffer.from(authToken, 'utf8')).update(Buffer.from(data, 'utf8')).digest('base64');
}

/** The request Twilio makes: its form fields, and its headers signed for `signedUrl` with `authToken` (undefined: unsigned). */
export function twilioInboundRequest(
  message: TwilioInboundMessage,
  options: { accountSid: string; signedUrl: string; authToken?: string },
): { fields: Record<string, string>; rawBody: string; headers: Record<string, string> } {
  const fields: Record<string, string> = {
    MessageSid: message.MessageSid ?? twilioMessageSid(),
    AccountSid: options.accountSid,
    From: message.From,
    To: message.To ?? '+15005550006',
    Body: message.Body,
    NumMedia: '0',
    ...(message.OptOutType ? { OptOutType: message.OptOutType } : {}),
  };
  const headers: Record<string, string> = { 'content-type': 'application/x-www-form-urlencoded; charset=UTF-8', 'user-agent': 'TwilioProxy/1.1' };
  if (options.authToken) headers['x-twilio-signature'] = twilioSignatureOf(options.authToken, options.signedUrl, fields);
  return { fields, rawBody: new URLSearchParams(fields).toString(), headers };
}
