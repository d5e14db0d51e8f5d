import type { FakeHandler, FakeReply, RecordedRequest } from './fake-http-server';

/** The failures the SMSC, SMS Aero and Twilio fakes can be switched into. */
export type FakeFailure = 'insufficient_funds' | 'rate_limit' | 'http_500' | 'slow' | 'not_json';

export interface FakeFailureSwitch {
  /**
   * Switches every following request into a failure (`null` back to normal). `skip`: that many requests are
   * still answered normally first; `delayMs`: how slow 'slow' is (default 2000).
   */
  fail(mode: FakeFailure | null, options?: { skip?: number; delayMs?: number }): void;
}

/**
 * The request handler and `fail` of a fake. `answer` answers as the provider itself would, and gets the
 * active mode for the failures the provider words itself (funds, rate limit); `outage` is how its front end
 * answers when the service is down or broken.
 */
export function failureSwitch(
  answer: (request: RecordedRequest, active: FakeFailure | null) => FakeReply,
  outage: { http500: FakeReply; notJson: FakeReply },
): FakeFailureSwitch & { handler: FakeHandler } {
  let mode: FakeFailure | null = null;
  let skip = 0;
  let delayMs = 2000;
  return {
    handler(request) {
      if (mode && skip > 0) {
        skip--;
        return answer(request, null);
      }
      switch (mode) {
        case 'http_500':
          return outage.http500;
        case 'not_json':
          return outage.notJson;
        case 'slow':
          return { ...answer(request, null), delayMs };
        default:
          return answer(request, mode);
      }
    },
    fail(next, options = {}) {
      mode = next;
      skip = options.skip ?? 0;
      delayMs = options.delayMs ?? 2000;
    },
  };
}
