import { answerOverride, frontEndError } from './answer-override';
import { failureSwitch, type FakeFailure, type FakeFailureSwitch } from './fake-failures';
import { basicCredentials, startFakeHttpServer, type FakeReply, type RecordedRequest } from './fake-http-server';
import { fakePartCount } from './fake-smsc';

/**
 * A local SMS Aero API v2 for tests: `/v2/sms/send`, `/v2/sms/status`, `/v2/sms/list` (filters `number` and
 * `text`, `?page=N`, newest first; `data` is the page's messages keyed "0", "1", … with `links` and
 * `totalCount`), `/v2/blacklist/add` `{number}`, `/v2/blacklist/list` (filter `number`, `?page=N`, the same page
 * shape), `/v2/blacklist/delete` `{id}`, `/v2/balance`, `/v2/auth`, HTTP Basic auth (email:apiKey), the `{success, data, message}`
 * envelope. Parameters are read from a JSON body, a form body or the query string alike.
 */

export interface FakeSmsAeroSent {
  phone: string;
  text: string;
  sign: string;
  callbackUrl?: string;
  id: number;
}

export interface FakeSmsAero extends FakeFailureSwitch {
  /** The base URL to give the adapter: the API root including `/v2`. */
  url: string;
  /** Messages accepted for sending. */
  sent: FakeSmsAeroSent[];
  requests: RecordedRequest[];
  /** The numbers on the account's black list, in the order they were added (a number added twice is there twice). */
  blacklist(): string[];
  /** Puts a number on the black list as the account owner would in SMS Aero's own screens. */
  addToBlacklist(phone: string): void;
  /** Sends to this phone are refused as a validation error on `number`. */
  rejectNumber(phone: string): void;
  /** Sets what sms/status answers for a message (SMS Aero status code and word). */
  setStatus(id: number | string, status: number, extendStatus?: string): void;
  setBalance(balance: number): void;
  /** Every following request is answered by a front end (proxy) with this bare HTTP status; null: back to normal. */
  frontEndError(status: number | null): void;
  close(): Promise<void>;
}

export interface FakeSmsAeroOptions {
  email: string;
  apiKey: string;
  /** Rubles per SMS part (default 5.49, as in SMS Aero's examples). */
  pricePerPart?: number;
  /** Messages per sms/list page (default 20). */
  listPageSize?: number;
}

const WORDS: Record<number, string> = {
  0: 'queue',
  1: 'delivery',
  2: 'delivery error',
  3: 'transferred',
  4: 'waiting for status',
  6: 'rejected',
  8: 'moderation',
};

const failure = (status: number, message: string, data: unknown = null): FakeReply => ({
  status,
  body: { success: false, data, message },
});
const success = (data: unknown, message: string | null = null): FakeReply => ({ body: { success: true, data, message } });

export async function startFakeSmsAero(options: FakeSmsAeroOptions): Promise<FakeSmsAero> {
  const pricePerPart = options.pricePerPart ?? 5.49;
  const sent: FakeSmsAeroSent[] = [];
  const rejected = new Set<string>();
  const messages = new Map<string, { record: Record<string, unknown> }>();
  let balance = 337.03;
  let nextId = 686_000;
  const blacklisted = new Map<number, string>();
  let nextBlacklistId = 3_100;

  function readParams(request: RecordedRequest): Record<string, unknown> {
    const params: Record<string, unknown> = {};
    const addForm = (form: URLSearchParams) => {
      for (const [key, value] of form) {
        if (key.endsWith('[]')) params[key.slice(0, -2)] = [...((params[key.slice(0, -2)] as string[]) ?? []), value];
        else params[key] = value;
      }
    };
    addForm(request.query);
    addForm(request.form);
    if (request.json && typeof request.json === 'object') Object.assign(params, request.json);
    return params;
  }

  function normal(request: RecordedRequest, active: FakeFailure | null): FakeReply {
    if (request.method !== 'POST' && request.method !== 'GET') return failure(405, 'Method Not Allowed');
    const credentials = `${options.email}:${options.apiKey}`;
    if (basicCredentials(request) !== credentials) return failure(401, 'Your request was made with invalid credentials.');
    if (active === 'rate_limit') return failure(429, 'Too many requests');
    const params = readParams(request);
    switch (request.path.replace(/\/+$/, '')) {
      case '/v2/auth':
        return success(null, 'Successful authorization.');
      case '/v2/balance':
        return success({ balance });
      case '/v2/sms/send':
        return send(params, active);
      case '/v2/sms/status':
        return status(params);
      case '/v2/sms/list':
        return list(params);
      case '/v2/blacklist/add':
        return blacklistAdd(params);
      case '/v2/blacklist/list':
        return blacklistList(params);
      case '/v2/blacklist/delete':
        return blacklistDelete(params);
      default:
        return failure(404, 'Not Found');
    }
  }

  function send(params: Record<string, unknown>, active: FakeFailure | null): FakeReply {
    const single = params.number !== undefined;
    const phones = (single ? [params.number] : Array.isArray(params.numbers) ? params.numbers : []).map((p) => String(p));
    const text = typeof params.text === 'string' ? params.text : '';
    const sign = typeof params.sign === 'string' ? params.sign : '';
    const fieldErrors: Record<string, string[]> = {};
    if (phones.length === 0) fieldErrors.number = ['Number cannot be blank.'];
    else if (phones.some((phone) => !/^\d{10,15}$/.test(phone) || rejected.has(phone))) fieldErrors.number = ['Invalid number.'];
    if (!text) fieldErrors.text = ['Text cannot be blank.'];
    if (!sign) fieldErrors.sign = ['Sign cannot be blank.'];
    if (Object.keys(fieldErrors).length > 0) return failure(400, 'Validation error.', fieldErrors);
    const cost = fakePartCount(text) * pricePerPart;
    if (active === 'insufficient_funds' || cost * phones.length > balance) {
      return failure(400, 'Insufficient funds on the balance.');
    }
    const records = phones.map((phone) => {
      balance -= cost;
      const id = nextId++;
      const record: Record<string, unknown> = {
        id,
        from: sign,
        number: phone,
        text,
        status: 0,
        extendStatus: 'queue',
        channel: 'FREE SIGN',
        cost: Number(cost.toFixed(2)),
        dateCreate: Math.floor(Date.now() / 1000),
        dateSend: Math.floor(Date.now() / 1000),
      };
      messages.set(String(id), { record });
      const callbackUrl = typeof params.callbackUrl === 'string' ? params.callbackUrl : undefined;
      sent.push({ phone, text, sign, id, ...(callbackUrl ? { callbackUrl } : {}) });
      return record;
    });
    return success(single ? records[0] : records);
  }

  function status(params: Record<string, unknown>): FakeReply {
    const id = params.id === undefined ? '' : String(params.id);
    const known = messages.get(id);
    if (!known) return failure(404, 'Not Found');
    // In sms/status the cost comes as a string in SMS Aero's examples.
    return success({ ...known.record, cost: String(known.record.cost), dateAnswer: Math.floor(Date.now() / 1000) });
  }

  function list(params: Record<string, unknown>): FakeReply {
    const number = params.number === undefined ? undefined : String(params.number);
    const text = typeof params.text === 'string' ? params.text : undefined;
    const matching = [...messages.values()]
      .map(({ record }) => record)
      .filter((record) => (number === undefined || record.number === number) && (text === undefined || String(record.text).includes(text)))
      .sort((a, b) => Number(b.dateCreate) - Number(a.dateCreate) || Number(b.id) - Number(a.id));
    const pageSize = options.listPageSize ?? 20;
    const lastPage = Math.max(Math.ceil(matching.length / pageSize), 1);
    const page = Math.min(Math.max(Number(params.page ?? 1) || 1, 1), lastPage);
    const data: Record<string, unknown> = {};
    matching.slice((page - 1) * pageSize, page * pageSize).forEach((record, index) => {
      data[String(index)] = { ...record, cost: String(record.cost) };
    });
    const link = (n: number) => `/v2/sms/list?page=${n}`;
    data.links = { self: link(page), first: link(1), last: link(lastPage), ...(page < lastPage ? { next: link(page + 1) } : {}) };
    data.totalCount = String(matching.length);
    return success(data);
  }

  function blacklistAdd(params: Record<string, unknown>): FakeReply {
    const number = params.number === undefined ? '' : String(params.number);
    if (!/^\d{10,15}$/.test(number)) return failure(400, 'Validation error.', { number: ['Invalid number.'] });
    const id = nextBlacklistId++;
    blacklisted.set(id, number);
    return success({ id, number, sex: null, lname: null, fname: null, sname: null, bday: null, param: null, param2: null, param3: null });
  }

  /** Pages as sms/list's: entries keyed "0", "1", … beside `links` and `totalCount`. */
  function blacklistList(params: Record<string, unknown>): FakeReply {
    const number = params.number === undefined ? undefined : String(params.number);
    const matching = [...blacklisted].filter(([, phone]) => number === undefined || phone === number);
    const pageSize = options.listPageSize ?? 20;
    const lastPage = Math.max(Math.ceil(matching.length / pageSize), 1);
    const page = Math.min(Math.max(Number(params.page ?? 1) || 1, 1), lastPage);
    const data: Record<string, unknown> = {};
    matching.slice((page - 1) * pageSize, page * pageSize).forEach(([id, phone], index) => {
      data[String(index)] = { id: String(id), number: phone, sex: null, lname: null, fname: null, sname: null, bday: null };
    });
    const link = (n: number) => `/v2/blacklist/list?page=${n}`;
    data.links = { self: link(page), first: link(1), last: link(lastPage), ...(page < lastPage ? { next: link(page + 1) } : {}) };
    data.totalCount = String(matching.length);
    return success(data);
  }

  function blacklistDelete(params: Record<string, unknown>): FakeReply {
    return blacklisted.delete(Number(params.id)) ? success(null) : failure(404, 'Not Found');
  }

  const failures = failureSwitch(normal, {
    http500: { status: 500, body: 'Internal Server Error' },
    notJson: { status: 200, body: '<html><body>502 Bad Gateway</body></html>', headers: { 'content-type': 'text/html' } },
  });
  const outage = answerOverride(failures.handler);
  const server = await startFakeHttpServer(outage.handler);

  return {
    url: `${server.url}/v2`,
    sent,
    requests: server.requests,
    fail: failures.fail,
    rejectNumber: (phone) => void rejected.add(phone.replace(/^\+/, '')),
    blacklist: () => [...blacklisted.values()],
    addToBlacklist: (phone) => void blacklisted.set(nextBlacklistId++, phone),
    setStatus(id, code, extendStatus) {
      const known = messages.get(String(id));
      if (!known) throw new Error(`fake SMS Aero: no message ${id}`);
      known.record = { ...known.record, status: code, extendStatus: extendStatus ?? WORDS[code] ?? 'unknown' };
    },
    setBalance(value) {
      balance = value;
    },
    frontEndError: (status) => outage.answerAllWith(status === null ? null : frontEndError(status)),
    close: () => server.close(),
  };
}
