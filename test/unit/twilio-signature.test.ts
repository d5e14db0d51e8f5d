import { describe, expect, it } from 'vitest';
import { isTwilioSigned, twilioSignature } from '../../relay/providers/twilio-signature';
import { twilioSignatureOf } from '../fakes/twilio-webhook';

// Twilio's worked example ("Validating requests": twilio-php's docs, auth token 12345).
const TOKEN = '12345';
const URL = 'https://mycompany.com/myapp.php?foo=1&bar=2';
const PARAMS = { CallSid: 'CA1234567890ABCDE', Caller: '+14158675309', Digits: '1234', From: '+14158675309', To: '+18005551212' };
const DOCUMENTED = 'RSOYDt4T1cUTdK1PDd93/VVr8B8=';

const form = (fields: Record<string, string>) => new URLSearchParams(fields);

describe('X-Twilio-Signature', () => {
  it("is Twilio's documented signature for its documented request, whatever order the fields come in", () => {
    expect(twilioSignature(TOKEN, URL, form(PARAMS))).toBe(DOCUMENTED);
    const reversed = Object.fromEntries(Object.entries(PARAMS).reverse());
    expect(twilioSignature(TOKEN, URL, form(reversed))).toBe(DOCUMENTED);
    // The test's own Twilio (test/fakes) signs the same way.
    expect(twilioSignatureOf(TOKEN, URL, PARAMS)).toBe(DOCUMENTED);
  });

  it('accepts exactly that signature: not another token, URL, field value or a missing header', () => {
    expect(isTwilioSigned(TOKEN, URL, form(PARAMS), DOCUMENTED)).toBe(true);
    expect(isTwilioSigned('54321', URL, form(PARAMS), DOCUMENTED)).toBe(false);
    expect(isTwilioSigned(TOKEN, 'https://mycompany.com/myapp.php?foo=1&bar=3', form(PARAMS), DOCUMENTED)).toBe(false);
    expect(isTwilioSigned(TOKEN, URL, form({ ...PARAMS, Digits: '1235' }), DOCUMENTED)).toBe(false);
    expect(isTwilioSigned(TOKEN, URL, form({ ...PARAMS, Extra: '' }), DOCUMENTED)).toBe(false);
    expect(isTwilioSigned(TOKEN, URL, form(PARAMS), undefined)).toBe(false);
    expect(isTwilioSigned(TOKEN, URL, form(PARAMS), '')).toBe(false);
    expect(isTwilioSigned(TOKEN, URL, form(PARAMS), DOCUMENTED.slice(0, -1))).toBe(false);
    expect(isTwilioSigned(TOKEN, URL, form(PARAMS), `${DOCUMENTED}=`)).toBe(false);
  });
});
