import { randomBytes } from 'node:crypto';
import { answerOverride, frontEndError } from './answer-override';
import { failureSwitch, type FakeFailure, type FakeFailureSwitch } from './fake-failures';
import { basicCredentials, startFakeHttpServer, type FakeReply, type RecordedRequest } from './fake-http-server';
import { fakePartCount } from './fake-smsc';

/**
 * A local Twilio REST API (2010-04-01, JSON resources) for tests: create a Message (form POST), fetch a
 * Message, read the Messages list (filters `To`, `From`, `DateSent`, `DateSent<`, `DateSent>` on GMT dates;
 * newest sent first; `PageSize`, pages linked by `next_page_uri`), fetch the account Balance. HTTP Basic auth
 * AccountSid:AuthToken; errors as Twilio answers them: an HTTP status with `{code, message, more_info, status}`.
 * As on Twilio, a Message's `date_sent` stays empty until it is handed on (status sent or later), so the
 * `DateSent` filters leave queued Messages out.
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
  /** The phone texted STOP to the sender: messages to it are refused with 21610 "Attempt to send to unsubscribed recipient". */
  optOut(phone: string): void;
  /**
   * Moves a message on: its status, and optionally an error code, the (negative, string) price, and when it
   * was handed on (`date_sent`, else now once it is sent).
   */
  setStatus(sid: string, status: string, extra?: { errorCode?: number; errorMessage?: string; price?: string; dateSent?: Date }): void;
  /** While on, every request gets Twilio's own 503 with error 20503 "Service unavailable". */
  serviceUnavailable(on: boolean): void;
  /** Every following request is answered by a front end (proxy) with this bare HTTP status; null: back to normal. */
  frontEndError(status: number | null): void;
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

/** Twilio's RFC 2822 timestamps, e.g. "Tue, 24 Nov 2026 10:00:00 +0000". */
const rfc2822 = (at: Date): string => at.toUTCString().replace('GMT', '+0000');

const DAY_MS = 86_400_000;
const HANDED_ON = new Set(['sent', 'delivered', 'undelivered', 'read']);
const LIST_FILTERS = ['To', 'From', 'DateSent', 'DateSent<', 'DateSent>'];

/** A `DateSent` filter value: a GMT date (YYYY-MM-DD) or a full timestamp, as epoch ms. */
const filterTime = (value: string): number => Date.parse(/^\d{4}-\d{2}-\d{2}$/.test(value) ? `${value}T00:00:00Z` : value);

export async function startFakeTwilio(options: FakeTwilioOptions): Promise<FakeTwilio> {
  const sent: FakeTwilioSent[] = [];
  const rejected = new Set<string>();
  const optedOut = new Set<string>();
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
    if (resource === 'Messages.json' && request.method === 'GET') return list(request.query);
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
    if (optedOut.has(to.replace(/^\+/, ''))) return twilioError(400, 21610, 'Attempt to send to unsubscribed recipient');
    if (!body) return twilioError(400, 21602, 'Message body is required.');
    if (body.length > 1600) return twilioError(400, 21617, 'The concatenated message body exceeds the 1600 character limit.');
    if (active === 'insufficient_funds') return twilioError(401, 20005, 'Account not active');
    const sid = `SM${randomBytes(16).toString('hex')}`;
    const now = rfc2822(new Date());
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

  function list(query: URLSearchParams): FakeReply {
    const sentAt = (record: Record<string, unknown>) => (typeof record.date_sent === 'string' ? Date.parse(record.date_sent) : undefined);
    const checks: ((record: Record<string, unknown>) => boolean)[] = [];
    const to = query.get('To');
    const from = query.get('From');
    if (to) checks.push((record) => record.to === to);
    if (from) checks.push((record) => record.from === from);
    const on = query.get('DateSent');
    const after = query.get('DateSent>');
    const before = query.get('DateSent<');
    if (on) checks.push((record) => (sentAt(record) ?? NaN) >= filterTime(on) && (sentAt(record) ?? NaN) < filterTime(on) + DAY_MS);
    if (after) checks.push((record) => (sentAt(record) ?? NaN) >= filterTime(after));
    if (before) checks.push((record) => (sentAt(record) ?? NaN) < filterTime(before) + DAY_MS);
    const matching = [...messages.values()]
      .filter((record) => checks.every((check) => check(record)))
      .sort((a, b) => (sentAt(b) ?? Number.MAX_SAFE_INTEGER) - (sentAt(a) ?? Number.MAX_SAFE_INTEGER));
    const pageSize = Math.min(Math.max(Number(query.get('PageSize') ?? 50) || 50, 1), 1000);
    const page = Math.max(Number(query.get('Page') ?? 0) || 0, 0);
    const base = `/2010-04-01/Accounts/${options.accountSid}/Messages.json`;
    const uriOf = (n: number) => {
      const params = new URLSearchParams();
      for (const name of LIST_FILTERS) if (query.has(name)) params.set(name, query.get(name)!);
      params.set('PageSize', String(pageSize));
      params.set('Page', String(n));
      if (n > 0) params.set('PageToken', `PA${randomBytes(16).toString('hex')}`);
      return `${base}?${params}`;
    };
    const slice = matching.slice(page * pageSize, (page + 1) * pageSize);
    return {
      body: {
        messages: slice,
        page,
        page_size: pageSize,
        start: page * pageSize,
        end: page * pageSize + Math.max(slice.length - 1, 0),
        uri: uriOf(page),
        first_page_uri: uriOf(0),
        previous_page_uri: page > 0 ? uriOf(page - 1) : null,
        next_page_uri: (page + 1) * pageSize < matching.length ? uriOf(page + 1) : null,
      },
    };
  }

  const failures = failureSwitch(normal, {
    http500: twilioError(500, 20500, 'Internal Server Error'),
    notJson: { status: 200, body: '<html><body>upstream connect error</body></html>', headers: { 'content-type': 'text/html' } },
  });
  const outage = answerOverride(failures.handler);
  const server = await startFakeHttpServer(outage.handler);

  return {
    url: server.url,
    sent,
    requests: server.requests,
    fail: failures.fail,
    rejectNumber: (phone) => void rejected.add(phone.replace(/^\+/, '')),
    optOut: (phone) => void optedOut.add(phone.replace(/^\+/, '')),
    setStatus(sid, status, extra = {}) {
      const record = messages.get(sid);
      if (!record) throw new Error(`fake Twilio: no message ${sid}`);
      record.status = status;
      record.date_updated = rfc2822(new Date());
      if (extra.dateSent) record.date_sent = rfc2822(extra.dateSent);
      else if (HANDED_ON.has(status) && record.date_sent === null) record.date_sent = record.date_updated;
      if (extra.errorCode !== undefined) record.error_code = extra.errorCode;
      if (extra.errorMessage !== undefined) record.error_message = extra.errorMessage;
      if (extra.price !== undefined) record.price = extra.price;
    },
    serviceUnavailable: (on) => outage.answerAllWith(on ? twilioError(503, 20503, 'Service unavailable') : null),
    frontEndError: (status) => outage.answerAllWith(status === null ? null : frontEndError(status)),
    close: () => server.close(),
  };
}
