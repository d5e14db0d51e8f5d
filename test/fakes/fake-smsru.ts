import { startFakeHttpServer, type FakeReply, type RecordedRequest } from './fake-http-server';

/** A fake SMS.ru (json=1 dialect) on 127.0.0.1, as its API documentation describes it. */
export interface FakeSmsRu {
  url: string;
  apiId: string;
  requests: RecordedRequest[];
  /** Every SMS it accepted, in order. */
  sent: { phone: string; text: string; smsId: string }[];
  /** Requests to one method, e.g. 'sms/send'. */
  calls(method: string): RecordedRequest[];
  /** Sets a message's delivery state code (103 delivered, 104+ failed …) for sms/status. */
  setStatus(smsId: string, code: number): void;
  /** Makes the next requests fail: a request-level status code, HTTP 500, a slow answer, or garbage. */
  fail(mode: { code: number } | { http: number } | { delayMs: number } | 'garbage' | null): void;
  /** Lets `sends` more sms/send calls through, then fails every request as `fail(mode)` would. */
  failAfterSends(sends: number, mode: Parameters<FakeSmsRu['fail']>[0]): void;
  /** Numbers refused one by one with this code (202 bad number, 207 no route …). */
  refuseNumber(phone: string, code: number): void;
  close(): Promise<void>;
}

const ok = (extra: object = {}) => ({ status: 'OK', status_code: 100, ...extra });
const error = (code: number, text: string) => ({ status: 'ERROR', status_code: code, status_text: text });

export async function startFakeSmsRu(options: { apiId?: string; balance?: number; pricePerSms?: number } = {}): Promise<FakeSmsRu> {
  const apiId = options.apiId ?? 'TEST-API-ID-0000';
  const pricePerSms = options.pricePerSms ?? 1.74;
  let balance = options.balance ?? 4122.56;
  let failure: Parameters<FakeSmsRu['fail']>[0] = null;
  let pending: { sendsLeft: number; mode: Parameters<FakeSmsRu['fail']>[0] } | null = null;
  const refused = new Map<string, number>();
  const statuses = new Map<string, number>();
  const sent: FakeSmsRu['sent'] = [];
  let nextId = 1;

  /** The texts per number of a send/cost request: `to=a,b&msg=…` or `to[a]=…` / `multi[a]=…`. */
  function recipients(params: URLSearchParams): { phone: string; text: string }[] {
    const list: { phone: string; text: string }[] = [];
    for (const [key, value] of params) {
      const personal = /^(?:to|multi)\[(\d+)\]$/.exec(key);
      if (personal) list.push({ phone: personal[1]!, text: value });
    }
    if (list.length > 0) return list;
    const msg = params.get('msg') ?? '';
    return (params.get('to') ?? '').split(',').filter(Boolean).map((phone) => ({ phone, text: msg }));
  }

  const smsCount = (text: string) => Math.max(1, Math.ceil([...text].length / (/^[\x00-\x7f]*$/.test(text) ? 153 : 67)));

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
        const sms: Record<string, object> = {};
        let total = 0;
        let totalSms = 0;
        for (const { phone, text } of list) {
          const code = refused.get(phone);
          if (code) {
            sms[phone] = error(code, `Номер не принят (${code})`);
            continue;
          }
          const parts = smsCount(text);
          const cost = parts * pricePerSms;
          total += cost;
          totalSms += parts;
          if (method === 'sms/cost') {
            sms[phone] = ok({ cost: cost.toFixed(2), sms: String(parts) });
          } else {
            const smsId = `000000-${String(nextId++).padStart(8, '0')}`;
            if (params.get('test') !== '1') sent.push({ phone, text, smsId });
            statuses.set(smsId, 100);
            sms[phone] = ok({ sms_id: smsId });
          }
        }
        if (method === 'sms/send') balance -= total;
        return {
          body: method === 'sms/cost'
            ? ok({ sms, total_cost: Number(total.toFixed(2)), total_sms: totalSms })
            : ok({ sms, balance: Number(balance.toFixed(2)) }),
        };
      }
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
    calls: (method) => server.requests.filter((r) => r.path === `/${method}`),
    setStatus: (smsId, code) => void statuses.set(smsId, code),
    fail: (mode) => {
      failure = mode;
      pending = null;
    },
    failAfterSends: (sends, mode) => void (pending = { sendsLeft: sends, mode }),
    refuseNumber: (phone, code) => void refused.set(phone, code),
    close: server.close,
  };
}

/** The form body SMS.ru posts to a delivery callback URL. */
export function smsRuCallbackBody(reports: { smsId: string; code: number }[]): string {
  const form = new URLSearchParams();
  reports.forEach((r, i) => form.append(`data[${i}]`, `sms_status\n${r.smsId}\n${r.code}\n${Math.floor(Date.now() / 1000)}`));
  return form.toString();
}
