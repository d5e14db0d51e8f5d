import { answerOverride, frontEndError } from './answer-override';
import { failureSwitch, type FakeFailure, type FakeFailureSwitch } from './fake-failures';
import { startFakeHttpServer, type FakeReply, type RecordedRequest } from './fake-http-server';

/**
 * A local SMSC.ru (HTTP API, `fmt=3` JSON answers) for tests: `sys/send.php` (send, `cost=1` preview,
 * `cost=3` cost+balance, a client-chosen `id`), `sys/balance.php`, `sys/status.php`. Errors are answered the
 * SMSC way: HTTP 200 with `{"error": "...", "error_code": N}`; status.php about one unknown message with
 * error 3 "message not found".
 */

export interface FakeSmscSent {
  phone: string;
  text: string;
  sender?: string;
  /** The client-chosen id when the request gave one, else the one the fake assigned. */
  id: number | string;
}

export interface FakeSmsc extends FakeFailureSwitch {
  /** The base URL to give the adapter (the registry's default is https://smsc.ru). */
  url: string;
  /** Messages accepted for sending (previews not included), one entry per phone. */
  sent: FakeSmscSent[];
  requests: RecordedRequest[];
  /** Every request's parameters (query and form merged), easy to read. */
  params(): URLSearchParams[];
  /** Sends to this phone are refused with error 7 (bad number format), as SMSC does. */
  rejectNumber(phone: string): void;
  /** Sets what status.php answers for a message (SMSC state code, and the `err` code). */
  setStatus(id: number | string, phone: string, status: number, err?: number): void;
  /** Account balance in rubles (default 100). */
  setBalance(balance: number): void;
  /** From now on status.php reports an unknown message as state -3 (the multi-id wording) instead of error 3. */
  reportMissingAsState(): void;
  /** Every following request is answered by a front end (proxy) with this bare HTTP status; null: back to normal. */
  frontEndError(status: number | null): void;
  close(): Promise<void>;
}

export interface FakeSmscOptions {
  login: string;
  password?: string;
  apiKey?: string;
  /** Rubles per SMS part (default 1.7). */
  pricePerPart?: number;
}

const error = (code: number, text: string): FakeReply => ({ body: { error: text, error_code: code } });

/** SMSC's client-chosen id: a number 1…2147483647, or up to 40 Latin letters, digits and ".-_". */
const validClientId = (id: string): boolean => (/^\d+$/.test(id) ? Number(id) >= 1 && Number(id) <= 2_147_483_647 : /^[A-Za-z0-9._-]{1,40}$/.test(id));

/** A rough SMS part count: GSM-7 for printable ASCII, otherwise UCS-2 (enough for a fake). */
export function fakePartCount(text: string): number {
  const gsm = /^[\x20-\x7E\n\r]*$/.test(text);
  const [single, multi] = gsm ? [160, 153] : [70, 67];
  return text.length <= single ? 1 : Math.ceil(text.length / multi);
}

const money = (value: number): string => value.toFixed(2);

export async function startFakeSmsc(options: FakeSmscOptions): Promise<FakeSmsc> {
  const pricePerPart = options.pricePerPart ?? 1.7;
  const sent: FakeSmscSent[] = [];
  const rejected = new Set<string>();
  const statuses = new Map<string, { status: number; err: number; timestamp: number }>();
  let balance = 100;
  let nextId = 1000;
  let missingAsState = false;

  const readParams = (request: RecordedRequest): URLSearchParams => {
    const params = new URLSearchParams(request.query);
    for (const [key, value] of request.form) params.set(key, value);
    return params;
  };

  function authorised(params: URLSearchParams): boolean {
    if (params.has('apikey')) return options.apiKey !== undefined && params.get('apikey') === options.apiKey;
    return params.get('login') === options.login && options.password !== undefined && params.get('psw') === options.password;
  }

  function normal(request: RecordedRequest, active: FakeFailure | null): FakeReply {
    const path = request.path;
    const params = readParams(request);
    if (params.get('fmt') !== '3') return { body: 'ERROR = 1 (parameters error)' };
    if (!authorised(params)) return error(2, 'authorise error');
    if (active === 'insufficient_funds' && path === '/sys/send.php' && params.get('cost') !== '1') {
      return error(3, 'no money');
    }
    if (active === 'rate_limit') return error(9, 'duplicate request, wait a minute');
    switch (path) {
      case '/sys/send.php':
        return send(params);
      case '/sys/balance.php':
        return { body: { balance: money(balance) } };
      case '/sys/status.php':
        return status(params);
      default:
        return { status: 404, body: 'Not Found' };
    }
  }

  function send(params: URLSearchParams): FakeReply {
    const phones = (params.get('phones') ?? '')
      .split(/[,;]/)
      .map((p) => p.trim())
      .filter(Boolean);
    const text = params.get('mes');
    if (phones.length === 0 || text === null || text === '') return error(1, 'parameters error');
    if (text.length > 1000) return error(1, 'message is too long');
    const clientId = params.get('id');
    if (clientId !== null && !validClientId(clientId)) return error(1, 'parameters error');
    const valid = phones.filter((phone) => /^\+?\d{10,15}$/.test(phone) && !rejected.has(phone.replace(/^\+/, '')));
    if (valid.length === 0) return error(7, 'invalid phone');
    const parts = fakePartCount(text);
    const cost = parts * pricePerPart * valid.length;
    const cnt = parts * valid.length;
    if (params.get('cost') === '1') return { body: { cost: money(cost), cnt } };
    if (cost > balance) return error(3, 'no money');
    balance -= cost;
    const id = clientId ?? nextId++;
    for (const phone of valid) {
      const sender = params.get('sender') ?? undefined;
      sent.push({ phone, text, id, ...(sender ? { sender } : {}) });
      statuses.set(`${id}:${phone.replace(/^\+/, '')}`, { status: -1, err: 0, timestamp: Math.floor(Date.now() / 1000) });
    }
    const answer: Record<string, unknown> = { id, cnt };
    if (params.get('cost') === '2' || params.get('cost') === '3') answer.cost = money(cost);
    if (params.get('cost') === '3') answer.balance = money(balance);
    return { body: answer };
  }

  function status(params: URLSearchParams): FakeReply {
    const id = params.get('id')?.replace(/,$/, '');
    const phone = params.get('phone')?.replace(/,$/, '').replace(/^\+/, '');
    if (!id || !phone) return error(1, 'parameters error');
    const known = statuses.get(`${id}:${phone}`);
    if (!known && !missingAsState) return error(3, 'message not found');
    if (!known) return { body: { status: -3, last_date: '', last_timestamp: 0, flag: 0, err: 0 } };
    const date = new Date(known.timestamp * 1000).toISOString();
    return { body: { status: known.status, last_date: date, last_timestamp: known.timestamp, flag: 0, err: known.err } };
  }

  const failures = failureSwitch(normal, {
    http500: { status: 500, body: 'Internal Server Error' },
    notJson: { body: '<html><body>Service temporarily unavailable</body></html>', headers: { 'content-type': 'text/html' } },
  });
  const outage = answerOverride(failures.handler);
  const server = await startFakeHttpServer(outage.handler);

  return {
    url: server.url,
    sent,
    requests: server.requests,
    params: () => server.requests.map(readParams),
    fail: failures.fail,
    rejectNumber: (phone) => void rejected.add(phone.replace(/^\+/, '')),
    setStatus(id, phone, code, err = 0) {
      statuses.set(`${id}:${phone.replace(/^\+/, '')}`, { status: code, err, timestamp: Math.floor(Date.now() / 1000) });
    },
    setBalance(value) {
      balance = value;
    },
    reportMissingAsState() {
      missingAsState = true;
    },
    frontEndError: (status) => outage.answerAllWith(status === null ? null : frontEndError(status)),
    close: () => server.close(),
  };
}
