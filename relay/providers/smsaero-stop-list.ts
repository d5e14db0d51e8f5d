import { asText, type Json } from './adapter-kit';
import { ProviderError } from './provider-error';
import { listPage } from './smsaero-lookup';
import type { ProviderStopListEntry, SmsProvider } from './types';
import { unusableAnswer } from './unusable-answer';

/**
 * POSTs JSON to one SMS Aero method and resolves with the answer's `data`; throws SMS Aero's refusal, except a
 * "not found" when `notFoundOk` (then null: an empty filtered list, an entry already gone).
 */
type SmsAeroCall = (method: string, json?: Json, notFoundOk?: boolean) => Promise<unknown>;

/** Pages of `blacklist/list` read for the whole list at most; a longer list is not pulled (it cannot be seen whole). */
const PULL_MAX_PAGES = 1000;
/** Pages read when looking for one number (the list filtered by it holds it once, or a few times). */
const ONE_NUMBER_MAX_PAGES = 5;

interface Listed {
  id: number;
  phone: string;
}

const pagePath = (page: number): string => (page <= 1 ? 'blacklist/list' : `blacklist/list?page=${page}`);

/**
 * SMS Aero's black list (API v2; its SDKs `smsaero/smsaero_python` `blacklist_add`, `blacklist_list`,
 * `blacklist_delete`): `blacklist/add` `{number}`, `blacklist/list` (filter `number`, `?page=N`; `data` the
 * page's entries keyed "0", "1", … with `id` and `number`, beside `links.next`), `blacklist/delete` `{id}` -
 * by the entry's id, so a number is removed by finding its entries first. A number is added only when the
 * list filtered by it does not hold it already, so adding twice makes one entry.
 */
export function smsAeroStopList(call: SmsAeroCall): Required<Pick<SmsProvider, 'stopListAdd' | 'stopListRemove' | 'stopListGet'>> {
  async function listed(filter: Json, maxPages: number): Promise<Listed[]> {
    const entries: Listed[] = [];
    for (let page = 1; page <= maxPages; page++) {
      const read = listPage(await call(pagePath(page), filter, true));
      if (!read) throw unusableAnswer('blacklist/list answer is not a list');
      for (const record of read.messages) {
        const id = Number(asText(record.id));
        const phone = asText(record.number)?.replace(/^\+/, '');
        if (Number.isSafeInteger(id) && phone) entries.push({ id, phone });
      }
      if (!read.hasNext) return entries;
    }
    throw new ProviderError('service_unavailable', { providerText: `blacklist/list has more than ${maxPages} pages: not read whole` });
  }

  const entriesOf = async (phone: string) => (await listed({ number: phone }, ONE_NUMBER_MAX_PAGES)).filter((entry) => entry.phone === phone);

  return {
    async stopListAdd(phone) {
      if ((await entriesOf(phone)).length > 0) return;
      await call('blacklist/add', { number: phone });
    },
    async stopListRemove(phone) {
      for (const entry of await entriesOf(phone)) await call('blacklist/delete', { id: entry.id }, true);
    },
    async stopListGet(): Promise<ProviderStopListEntry[]> {
      return (await listed({}, PULL_MAX_PAGES)).map(({ phone }) => ({ phone }));
    },
  };
}
