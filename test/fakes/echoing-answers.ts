import { randomBytes } from 'node:crypto';
import type { FakeReply, RecordedRequest } from './fake-http-server';

/**
 * How each provider's protocol answers, with the echo of the request in every text field it has (see
 * echoing-provider.ts). `accept`: the request worked (the echo goes into the optional text fields of a success
 * answer, and sent messages later read as failed with the echo as the reason); `refuse`: a refusal that stops
 * everything (credentials); `refuseNumber`: a refusal of the recipient or the request; `ownOutage`: the
 * provider's own 5xx wording.
 */
export interface EchoAnswers {
  accept(request: RecordedRequest, echo: string): FakeReply;
  refuse(request: RecordedRequest, echo: string): FakeReply;
  refuseNumber(request: RecordedRequest, echo: string): FakeReply;
  ownOutage(request: RecordedRequest, echo: string): FakeReply;
}

export type EchoProtocol = 'smsru' | 'smsc' | 'smsaero' | 'twilio';

/** A number the SMS.ru and SMS Aero echoes keep on the account's own stop list (pulled by a sync round). */
export const ECHO_STOP_LISTED = '79130007777';
/** A number the Twilio echo refuses with 21610, "unsubscribed recipient" (the relay then lists it). */
export const ECHO_OPTED_OUT = '79130000077';

let serial = 1000;
const nextId = () => ++serial;

/** SMS.ru `json=1`: the echo in `status_text`, request-level and per number. */
const smsru: EchoAnswers = {
  accept(request, echo) {
    const ok = { status: 'OK', status_code: 100, status_text: echo };
    const phones = (request.form.get('to')?.split(',') ?? [...request.form.keys()].map((key) => /^to\[(\d+)\]$/.exec(key)?.[1]).filter(Boolean)) as string[];
    switch (request.path) {
      case '/sms/send':
        return { body: { ...ok, sms: Object.fromEntries(phones.map((phone) => [phone, { ...ok, sms_id: `000000-${nextId()}` }])), balance: 100 } };
      case '/sms/cost':
        return {
          body: {
            ...ok,
            sms: Object.fromEntries(phones.map((phone) => [phone, { ...ok, cost: '1.74', sms: 1 }])),
            total_cost: 1.74 * phones.length,
            total_sms: phones.length,
          },
        };
      case '/sms/status': {
        const ids = (request.form.get('sms_id') ?? '').split(',');
        return { body: { ...ok, sms: Object.fromEntries(ids.map((id) => [id, { status: 'OK', status_code: 106, status_text: echo }])), balance: 100 } };
      }
      case '/my/balance':
        return { body: { ...ok, balance: 100 } };
      case '/stoplist/get':
        // The note of a number on the account's stop list: it becomes the reason of the relay's entry.
        return { body: { ...ok, stoplist: { [ECHO_STOP_LISTED]: echo } } };
      default:
        return { body: ok };
    }
  },
  refuse: (_request, echo) => ({ body: { status: 'ERROR', status_code: 200, status_text: echo } }),
  refuseNumber(request, echo) {
    const phones = request.form.get('to')?.split(',') ?? [];
    if (phones.length === 0) return { body: { status: 'ERROR', status_code: 207, status_text: echo } };
    return {
      body: {
        status: 'OK',
        status_code: 100,
        status_text: echo,
        sms: Object.fromEntries(phones.map((phone) => [phone, { status: 'ERROR', status_code: 202, status_text: echo }])),
      },
    };
  },
  ownOutage: (_request, echo) => ({ status: 500, body: { status: 'ERROR', status_code: 500, status_text: echo } }),
};

/** SMSC `fmt=3`: the echo in `error` (and, for a number, in `error_code` too), always under HTTP 200. */
const smsc: EchoAnswers = {
  accept(request, echo) {
    switch (request.path) {
      case '/sys/send.php':
        return {
          body: request.form.get('cost') === '1' ? { cost: '1.74', cnt: 1 } : { id: request.form.get('id') ?? nextId(), cnt: 1, cost: '1.74', balance: '100.00' },
        };
      case '/sys/balance.php':
        return { body: { balance: '100.00' } };
      default:
        return { body: { status: 20, err: 1, last_date: echo, last_timestamp: 0 } };
    }
  },
  refuse: (_request, echo) => ({ body: { error: echo, error_code: 2 } }),
  refuseNumber: (_request, echo) => ({ body: { error: echo, error_code: `7 ${echo}` } }),
  ownOutage: (_request, echo) => ({ status: 500, body: { error: echo, error_code: 9 } }),
};

/** SMS Aero v2: the echo in `message`, in `extendStatus` and in the per-field messages of `data`. */
const smsaero: EchoAnswers = {
  accept(request, echo) {
    const json = (request.json ?? {}) as Record<string, unknown>;
    const success = (data: unknown): FakeReply => ({ body: { success: true, data, message: echo } });
    switch (request.path) {
      case '/v2/sms/send':
        return success({ id: nextId(), number: json.number, text: json.text, status: 0, extendStatus: echo, cost: 1.74, dateCreate: Math.floor(Date.now() / 1000) });
      case '/v2/sms/status':
        return success({ id: json.id, status: 2, extendStatus: echo });
      case '/v2/sms/list':
        return success({ links: { first: echo }, totalCount: 0 });
      case '/v2/balance':
        return success({ balance: 100 });
      case '/v2/blacklist/list':
        return success({ 0: { id: String(nextId()), number: ECHO_STOP_LISTED, fname: echo, param: echo }, links: { first: echo }, totalCount: '1' });
      case '/v2/blacklist/add':
        return success({ id: nextId(), number: json.number, fname: echo });
      default:
        return success(null);
    }
  },
  refuse: (_request, echo) => ({ status: 401, body: { success: false, data: { echo }, message: echo } }),
  refuseNumber: (_request, echo) => ({ status: 400, body: { success: false, data: { number: [echo] }, message: echo } }),
  ownOutage: (_request, echo) => ({ status: 500, body: { success: false, data: null, message: echo } }),
};

/** Twilio: the echo in `message`, `more_info`, `detail`, a Message's `error_message` and the balance's `currency`. */
const twilio: EchoAnswers = {
  accept(request, echo) {
    if (request.path.endsWith('/Balance.json')) return { body: { balance: '12.50', currency: echo } };
    if (request.path.endsWith('/Messages.json') && request.method === 'POST') {
      if (request.form.get('To') === `+${ECHO_OPTED_OUT}`) return { status: 400, body: { code: 21610, message: echo, more_info: echo, status: 400 } };
      const sid = `SM${randomBytes(16).toString('hex')}`;
      return {
        status: 201,
        body: {
          sid,
          status: 'queued',
          to: request.form.get('To'),
          from: request.form.get('From'),
          body: request.form.get('Body'),
          num_segments: '1',
          error_message: echo,
        },
      };
    }
    if (request.path.endsWith('/Messages.json')) return { body: { messages: [], next_page_uri: null, uri: echo } };
    const sid = /\/Messages\/([^/]+)\.json$/.exec(request.path)?.[1];
    return { body: { sid, status: 'failed', error_code: 30008, error_message: echo } };
  },
  refuse: (_request, echo) => ({ status: 401, body: { code: 20003, message: echo, detail: echo, more_info: echo, status: 401 } }),
  refuseNumber: (_request, echo) => ({ status: 400, body: { code: 21211, message: echo, more_info: echo, status: 400 } }),
  ownOutage: (_request, echo) => ({ status: 503, body: { code: 20503, message: echo, more_info: echo, status: 503 } }),
};

export const ECHO_ANSWERS: Record<EchoProtocol, EchoAnswers> = { smsru, smsc, smsaero, twilio };
