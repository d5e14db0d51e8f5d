import { isTwilioSigned } from './twilio-signature';
import type { InboundRequest, InboundResult, InboundSms } from './types';

/** Empty TwiML: Twilio sends no automatic answer to the person; also right for a status callback (body ignored). */
export const EMPTY_TWIML = '<?xml version="1.0" encoding="UTF-8"?><Response></Response>';
const TWIML = 'text/xml; charset=utf-8';

/** Twilio's own opt-out handling (Advanced Opt-Out's `OptOutType`): STOP blocks sends to the number, START lifts it. */
const OPT_OUT_TYPES: Record<string, InboundSms['optOut']> = { STOP: 'stop', START: 'start' };

/**
 * An incoming message on Twilio's "A message comes in" webhook: a form POST with `MessageSid`, `From`, `To`,
 * `Body` and (Advanced Opt-Out) `OptOutType`, signed in X-Twilio-Signature with the account's auth token.
 * Unsigned or badly signed: refused (403) and nothing of it read, whoever found the URL.
 */
export function parseTwilioInbound(authToken: string, request: InboundRequest): InboundResult {
  const params = request.contentType.includes('application/x-www-form-urlencoded') ? new URLSearchParams(request.body) : new URLSearchParams();
  if (!isTwilioSigned(authToken, request.url, params, request.headers['x-twilio-signature'])) {
    return {
      refused: 'X-Twilio-Signature is missing or does not match',
      replies: [],
      updates: [],
      reply: { status: 403, body: 'Forbidden', contentType: 'text/plain; charset=utf-8' },
    };
  }
  const replies: InboundSms[] = [];
  const sid = params.get('MessageSid') ?? params.get('SmsSid');
  const from = params.get('From');
  if (sid && from) {
    const optOut = OPT_OUT_TYPES[(params.get('OptOutType') ?? '').toUpperCase()];
    replies.push({ providerMessageId: sid, from, to: params.get('To') ?? '', text: params.get('Body') ?? '', ...(optOut ? { optOut } : {}) });
  }
  return { replies, updates: [], reply: { status: 200, body: EMPTY_TWIML, contentType: TWIML } };
}
