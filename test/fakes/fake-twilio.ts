import { randomBytes } from 'node:crypto';
import { failureSwitch, type FakeFailure, type FakeFailureSwitch } from './fake-failures';
import { basicCredentials, startFakeHttpServer, type FakeReply, type RecordedRequest } from './fake-http-server';
import { fakePartCount } from './fake-smsc';

/**
 * A local Twilio REST API (2010-04-01, JSON resources) for tests: create a Message (form POST), fetch a
 * Message, fetch the account Balance. HTTP Basic auth AccountSid:AuthToken; errors as Twilio answers them:
 * an HTTP 4xx with `{code, message, more_info, status}`.
 */

export interface FakeTwilioSent {
  /** As it came over the wire (E.164 with '+'). */
  phone: string;
  text: string;
  from?: string;
  messagingServiceSid?: string;
  statusCallback?: string;
  sid: string;
}

export interface FakeTwilio extends FakeFailureSwitch {
  url: string;
  sent: FakeTwilioSent[];
  requests: RecordedRequest[];
  /** Messages to this phone (digits, with or without '+') are refused with 21211. */
  rejectNumber(phone: string): void;
  /** Moves a message on: its status, and optionally an error code and the (negative, string) price. */
  setStatus(sid: string, status: string, extra?: { errorCode?: number; errorMessage?: string; price?: string }): void;
  close(): Promise<void>;
}

export interface FakeTwilioOptions {
  accountSid: string;
  authToken: string;
  balance?: string;
  currency?: string;
}

const twilioError = (status: number, code: number, message: string): FakeReply => ({
  status,
  body: { code, message, more_info: `https://www.twilio.com/docs/errors/${code}`, status },
});

const PATH = /^\/2010-04-01\/Accounts\/([^/]+)\/(Messages\.json|Messages\/([^/]+)\.json|Balance\.json)$/;

export async function startFakeTwilio(options: FakeTwilioOptions): Promise<FakeTwilio> {
  const sent: FakeTwilioSent[] = [];
  const rejected = new Set<string>();
  const messages = new Map<string, Record<string, unknown>>();
  function authorised(request: RecordedRequest, pathSid: string): boolean {
    return basicCredentials(request) === `${options.accountSid}:${options.authToken}` && pathSid === options.accountSid;
  }

  function normal(request: RecordedRequest, active: FakeFailure | null): FakeReply {
    const match = PATH.exec(request.path);
    if (!match) return twilioError(404, 20404, `The requested resource ${request.path} was not found`);
    const [, pathSid = '', resource = '', messageSid] = match;
    if (!authorised(request, pathSid)) {
      return {
        status: 401,
        body: {
          code: 20003,
          detail: 'Your AccountSid or AuthToken was incorrect.',
          message: 'Authenticate',
          more_info: 'https://www.twilio.com/docs/errors/20003',
          status: 401,
        },
      };
    }
    if (active === 'rate_limit') return twilioError(429, 20429, 'Too Many Requests');
    if (resource === 'Balance.json' && request.method === 'GET') {
      return { body: { currency: options.currency ?? 'USD', balance: options.balance ?? '12.34', account_sid: options.accountSid } };
    }
    if (resource === 'Messages.json' && request.method === 'POST') return create(request.form, active);
    if (messageSid && request.method === 'GET') {
      const record = messages.get(messageSid);
      // Twilio's own 404 text names the full resource path, AccountSid included.
      return record ? { body: record } : twilioError(404, 20404, `The requested resource ${request.path} was not found`);
    }
    return twilioError(405, 20004, 'Method not allowed');
  }

  function create(form: URLSearchParams, active: FakeFailure | null): FakeReply {
    const to = form.get('To') ?? '';
    const body = form.get('Body') ?? '';
    const from = form.get('From') ?? undefined;
    const messagingServiceSid = form.get('MessagingServiceSid') ?? undefined;
    if (!to) return twilioError(400, 21604, "A 'To' phone number is required.");
    if (!/^\+[1-9]\d{7,14}$/.test(to) || rejected.has(to.replace(/^\+/, ''))) {
      return twilioError(400, 21211, `The 'To' number ${to} is not a valid phone number.`);
    }
    if (!from && !messagingServiceSid) return twilioError(400, 21603, "A 'From' phone number is required.");
    if (!body) return twilioError(400, 21602, 'Message body is required.');
    if (body.length > 1600) return twilioError(400, 21617, 'The concatenated message body exceeds the 1600 character limit.');
    if (active === 'insufficient_funds') return twilioError(401, 20005, 'Account not active');
    const sid = `SM${randomBytes(16).toString('hex')}`;
    const now = new Date().toUTCString();
    const statusCallback = form.get('StatusCallback') ?? undefined;
    const record: Record<string, unknown> = {
      account_sid: options.accountSid,
      api_version: '2010-04-01',
      body,
      date_created: now,
      date_sent: null,
      date_updated: now,
      direction: 'outbound-api',
      error_code: null,
      error_message: null,
      from: from ?? null,
      messaging_service_sid: messagingServiceSid ?? null,
      num_media: '0',
      num_segments: String(fakePartCount(body)),
      price: null,
      price_unit: 'USD',
      sid,
      status: messagingServiceSid ? 'accepted' : 'queued',
      to,
      uri: `/2010-04-01/Accounts/${options.accountSid}/Messages/${sid}.json`,
    };
    messages.set(sid, record);
    sent.push({
      phone: to,
      text: body,
      sid,
      ...(from ? { from } : {}),
      ...(messagingServiceSid ? { messagingServiceSid } : {}),
      ...(statusCallback ? { statusCallback } : {}),
    });
    return { status: 201, body: record };
  }

  const failures = failureSwitch(normal, {
    http500: twilioError(500, 20500, 'Internal Server Error'),
    notJson: { status: 200, body: '<html><body>upstream connect error</body></html>', headers: { 'content-type': 'text/html' } },
  });
  const server = await startFakeHttpServer(failures.handler);

  return {
    url: server.url,
    sent,
    requests: server.requests,
    fail: failures.fail,
    rejectNumber: (phone) => void rejected.add(phone.replace(/^\+/, '')),
    setStatus(sid, status, extra = {}) {
      const record = messages.get(sid);
      if (!record) throw new Error(`fake Twilio: no message ${sid}`);
      record.status = status;
      record.date_updated = new Date().toUTCString();
      if (extra.errorCode !== undefined) record.error_code = extra.errorCode;
      if (extra.errorMessage !== undefined) record.error_message = extra.errorMessage;
      if (extra.price !== undefined) record.price = extra.price;
    },
    close: () => server.close(),
  };
}
