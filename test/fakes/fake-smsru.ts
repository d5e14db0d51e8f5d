import { startFakeHttpServer, type FakeReply, type RecordedRequest } from './fake-http-server';
import { seededChance } from './seeded-chance';

/**
 * How an sms/send request can go wrong, before or after SMS.ru took (sent and charged) its numbers.
 * - `error-before-accept`: HTTP 500 carrying SMS.ru's own error answer (status ERROR, code 500).
 * - `gateway-before-accept` / `gateway-after-accept`: an HTTP 502 page from a proxy in front of SMS.ru.
 * - `garbled-after-accept`: HTTP 200 whose JSON is cut short.
 * - `reset-before-accept` / `reset-after-accept`: the connection is reset instead of an answer.
 * - `timeout-after-accept`: the answer comes `delayMs` late (longer than the relay waits).
 * - `refuse-number`: single numbers refused (`code`, default 207) inside a normal answer.
 */
export type SmsRuFaultMode =
  | 'error-before-accept'
  | 'gateway-before-accept'
  | 'gateway-after-accept'
  | 'garbled-after-accept'
  | 'reset-before-accept'
  | 'reset-after-accept'
  | 'timeout-after-accept'
  | 'refuse-number';

export interface SmsRuFaults {
  mode: SmsRuFaultMode;
  /** Share of sms/send requests hit (of numbers, for `refuse-number`); 1: every one. */
  rate: number;
  /** Seed of the draw: the same seed hits the same requests. */
  seed?: number;
  /** `timeout-after-accept`: how late the answer comes (default 1000 ms). */
  delayMs?: number;
  /** `refuse-number`: SMS.ru's per-number code (default 207, no route). */
  code?: number;
}

/** One sms/send request a fault hit: its numbers, and whether the fake had sent them before the fault. */
export interface FaultedSend {
  mode: SmsRuFaultMode;
  phones: string[];
  accepted: boolean;
}

type FailMode = { code: number } | { http: number } | { delayMs: number } | 'garbage' | null;

/** A fake SMS.ru (json=1 dialect) on 127.0.0.1, as its API documentation describes it. */
export interface FakeSmsRu {
  url: string;
  apiId: string;
  requests: RecordedRequest[];
  /** Every SMS it accepted (sent and charged), in order. */
  sent: { phone: string; text: string; smsId: string }[];
  /** Requests to one method, e.g. 'sms/send'. */
  calls(method: string): RecordedRequest[];
  /** Sets a message's delivery state code (103 delivered, 104+ failed …) for sms/status. */
  setStatus(smsId: string, code: number): void;
  /** Makes the next requests fail: a request-level status code, HTTP 500, a slow answer, or garbage. */
  fail(mode: FailMode): void;
  /** Lets `sends` more sms/send calls through, then fails every request as `fail(mode)` would. */
  failAfterSends(sends: number, mode: FailMode): void;
  /** Numbers refused one by one with this code (202 bad number, 207 no route …). */
  refuseNumber(phone: string, code: number): void;
  /** Injects faults into a share of the following sms/send requests; `null` stops. */
  faults(plan: SmsRuFaults | null): void;
  /** The sms/send requests faults hit, in order. */
  faulted: FaultedSend[];
  /**
   * The account's own stop list (`stoplist/add`, `stoplist/del`, `stoplist/get`): number → note. Sends to a
   * number on it are refused with 209, as SMS.ru does. A test may change it as the account owner would.
   */
  stopList: Map<string, string>;
  /** Money left; a send it cannot pay for in full is refused with 201. */
  readonly balance: number;
  topUp(amount: number): void;
  close(): Promise<void>;
}

const ok = (extra: object = {}) => ({ status: 'OK', status_code: 100, ...extra });
const error = (code: number, text: string) => ({ status: 'ERROR', status_code: code, status_text: text });
const GATEWAY_PAGE = '<html><head><title>502 Bad Gateway</title></head><body><center><h1>502 Bad Gateway</h1></center><hr><center>nginx</center></body></html>';

/** The texts per number of a send/cost request: `to=a,b&msg=…` or `to[a]=…` / `multi[a]=…`. */
export function recipients(params: URLSearchParams): { phone: string; text: string }[] {
  const list: { phone: string; text: string }[] = [];
  for (const [key, value] of params) {
    const personal = /^(?:to|multi)\[(\d+)\]$/.exec(key);
    if (personal) list.push({ phone: personal[1]!, text: value });
  }
  if (list.length > 0) return list;
  const msg = params.get('msg') ?? '';
  return (params.get('to') ?? '')
    .split(',')
    .filter(Boolean)
    .map((phone) => ({ phone, text: msg }));
}

const smsCount = (text: string) => Math.max(1, Math.ceil([...text].length / (/^[\x00-\x7f]*$/.test(text) ? 153 : 67)));

/**
 * `pricePerSmsByPrefix`: a price per SMS for the numbers that start with a prefix (the longest one that
 * matches), as SMS.ru prices each destination by its operator; other numbers cost `pricePerSms`.
 */
export async function startFakeSmsRu(
  options: { apiId?: string; balance?: number; pricePerSms?: number; pricePerSmsByPrefix?: Record<string, number> } = {},
): Promise<FakeSmsRu> {
  const apiId = options.apiId ?? 'TEST-API-ID-0000';
  const pricePerSms = options.pricePerSms ?? 1.74;
  let balance = options.balance ?? 4122.56;
  let failure: FailMode = null;
  let pending: { sendsLeft: number; mode: FailMode } | null = null;
  let plan: (SmsRuFaults & { hit: () => boolean }) | null = null;
  const faulted: FaultedSend[] = [];
  const refused = new Map<string, number>();
  const stopList = new Map<string, string>();
  const statuses = new Map<string, number>();
  const sent: FakeSmsRu['sent'] = [];
  let nextId = 1;

  const prefixes = Object.entries(options.pricePerSmsByPrefix ?? {}).sort(([a], [b]) => b.length - a.length);
  const priceOf = (text: string, phone = '') => smsCount(text) * (prefixes.find(([prefix]) => phone.startsWith(prefix))?.[1] ?? pricePerSms);

  function costAnswer(list: { phone: string; text: string }[]): FakeReply {
    const sms: Record<string, object> = {};
    let total = 0;
    let totalSms = 0;
    for (const { phone, text } of list) {
      const code = refused.get(phone);
      if (code) {
        sms[phone] = error(code, `Номер не принят (${code})`);
        continue;
      }
      total += priceOf(text, phone);
      totalSms += smsCount(text);
      sms[phone] = ok({ cost: priceOf(text, phone).toFixed(2), sms: String(smsCount(text)) });
    }
    return { body: ok({ sms, total_cost: Number(total.toFixed(2)), total_sms: totalSms }) };
  }

  /** Sends (records and charges) every number not refused, or nothing when the balance does not cover them all. */
  function sendAnswer(list: { phone: string; text: string }[], testMode: boolean, refusedNow: Map<string, number>): FakeReply {
    const accepted = list.filter(({ phone }) => !refusedNow.has(phone));
    const total = accepted.reduce((sum, { phone, text }) => sum + priceOf(text, phone), 0);
    if (!testMode && total > balance + 1e-9) return { body: error(201, 'Не хватает средств на лицевом счету') };
    const sms: Record<string, object> = {};
    for (const { phone, text } of list) {
      const code = refusedNow.get(phone);
      if (code) {
        sms[phone] = error(code, `Номер не принят (${code})`);
        continue;
      }
      const smsId = `000000-${String(nextId++).padStart(8, '0')}`;
      if (!testMode) sent.push({ phone, text, smsId });
      statuses.set(smsId, 100);
      sms[phone] = ok({ sms_id: smsId });
    }
    if (!testMode) balance -= total;
    return { body: ok({ sms, balance: Number(balance.toFixed(2)) }) };
  }

  function sendWithFaults(list: { phone: string; text: string }[], testMode: boolean): FakeReply {
    const refusedNow = new Map(refused);
    for (const phone of stopList.keys()) refusedNow.set(phone, 209);
    if (plan?.mode === 'refuse-number') {
      const phones = list.filter(({ phone }) => !refusedNow.has(phone) && plan!.hit()).map(({ phone }) => phone);
      for (const phone of phones) refusedNow.set(phone, plan.code ?? 207);
      if (phones.length > 0) faulted.push({ mode: plan.mode, phones, accepted: false });
      return sendAnswer(list, testMode, refusedNow);
    }
    if (!plan || !plan.hit()) return sendAnswer(list, testMode, refusedNow);
    const { mode } = plan;
    const phones = list.map(({ phone }) => phone);
    switch (mode) {
      case 'error-before-accept':
        faulted.push({ mode, phones, accepted: false });
        return { status: 500, body: error(500, 'Ошибка на сервере. Повторите запрос.') };
      case 'gateway-before-accept':
        faulted.push({ mode, phones, accepted: false });
        return { status: 502, body: GATEWAY_PAGE, headers: { 'content-type': 'text/html' } };
      case 'reset-before-accept':
        faulted.push({ mode, phones, accepted: false });
        return { body: '', resetConnection: true };
    }
    const countBefore = sent.length;
    const reply = sendAnswer(list, testMode, refusedNow);
    faulted.push({ mode, phones: sent.slice(countBefore).map((s) => s.phone), accepted: sent.length > countBefore });
    switch (mode) {
      case 'gateway-after-accept':
        return { status: 502, body: GATEWAY_PAGE, headers: { 'content-type': 'text/html' } };
      case 'garbled-after-accept': {
        const json = JSON.stringify(reply.body);
        return { body: json.slice(0, Math.floor(json.length / 2)), headers: { 'content-type': 'application/json' } };
      }
      case 'reset-after-accept':
        return { body: '', resetConnection: true };
      case 'timeout-after-accept':
        return { ...reply, delayMs: plan.delayMs ?? 1000 };
    }
  }

  function answer(request: RecordedRequest): FakeReply {
    const params = request.method === 'GET' ? request.query : request.form;
    const method = request.path.replace(/^\/+/, '');
    if (pending && method === 'sms/send') {
      if (pending.sendsLeft === 0) {
        failure = pending.mode;
        pending = null;
      } else {
        pending.sendsLeft--;
      }
    }
    if (failure === 'garbage') return { body: '<html>Bad gateway</html>' };
    if (failure && 'http' in failure) return { status: failure.http, body: 'Internal Server Error' };
    if (params.get('api_id') !== apiId) return { body: error(200, 'Неправильный api_id') };
    if (failure && 'code' in failure) return { body: error(failure.code, `Ошибка ${failure.code}`) };
    switch (method) {
      case 'auth/check':
        return { body: ok() };
      case 'my/balance':
        return { body: ok({ balance: balance.toFixed(2) }) };
      case 'sms/cost':
      case 'sms/send': {
        const list = recipients(params);
        if (list.length === 0) return { body: error(202, 'Неправильно указан номер получателя') };
        if (list.length > 100) return { body: error(207, 'Более 100 номеров') };
        if (list.some((r) => r.text === '')) return { body: error(203, 'Нет текста сообщения') };
        return method === 'sms/cost' ? costAnswer(list) : sendWithFaults(list, params.get('test') === '1');
      }
      case 'stoplist/add':
      case 'stoplist/del': {
        const phone = params.get('stoplist_phone') ?? '';
        if (!/^\d{10,15}$/.test(phone)) return { body: error(202, 'Неправильно указан номер') };
        // How SMS.ru answers removing a number it does not list is not documented: this fake refuses it.
        if (method === 'stoplist/del' && !stopList.delete(phone)) return { body: error(202, 'Номера нет в стоп-листе') };
        if (method === 'stoplist/del') return { body: ok() };
        if (!params.get('stoplist_text')) return { body: error(203, 'Не указано примечание') };
        stopList.set(phone, params.get('stoplist_text')!);
        return { body: ok() };
      }
      case 'stoplist/get':
        // An empty list comes as [] (what PHP's json_encode makes of an empty array), else number → note.
        return { body: ok({ stoplist: stopList.size === 0 ? [] : Object.fromEntries(stopList) }) };
      case 'sms/status': {
        const sms: Record<string, object> = {};
        for (const id of (params.get('sms_id') ?? '').split(',').filter(Boolean)) {
          const code = statuses.get(id);
          sms[id] = code === undefined ? error(-1, 'Сообщение не найдено') : { status: 'OK', status_code: code, cost: pricePerSms, status_text: `state ${code}` };
        }
        return { body: ok({ sms, balance }) };
      }
      default:
        return { body: error(211, 'Метод не найден') };
    }
  }

  const server = await startFakeHttpServer(async (request) => {
    const reply = answer(request);
    if (failure && typeof failure === 'object' && 'delayMs' in failure) return { ...reply, delayMs: failure.delayMs };
    return reply;
  });

  return {
    url: server.url,
    apiId,
    requests: server.requests,
    sent,
    faulted,
    calls: (method) => server.requests.filter((r) => r.path === `/${method}`),
    setStatus: (smsId, code) => void statuses.set(smsId, code),
    fail: (mode) => {
      failure = mode;
      pending = null;
    },
    failAfterSends: (sends, mode) => void (pending = { sendsLeft: sends, mode }),
    refuseNumber: (phone, code) => void refused.set(phone, code),
    stopList,
    faults: (next) => void (plan = next && { ...next, hit: seededChance(next.rate, next.seed ?? 1) }),
    get balance() {
      return balance;
    },
    topUp: (amount) => void (balance += amount),
    close: server.close,
  };
}

/** The form body SMS.ru posts to a delivery callback URL. */
export function smsRuCallbackBody(reports: { smsId: string; code: number }[]): string {
  const form = new URLSearchParams();
  reports.forEach((r, i) => form.append(`data[${i}]`, `sms_status\n${r.smsId}\n${r.code}\n${Math.floor(Date.now() / 1000)}`));
  return form.toString();
}
