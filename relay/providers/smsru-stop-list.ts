import { asText, isObject } from './adapter-kit';
import { ProviderError } from './provider-error';
import type { ProviderStopListEntry, SmsProvider } from './types';
import { unusableAnswer } from './unusable-answer';

/** One SMS.ru method with its parameters; resolves with the answer when it is `OK`, throws SMS.ru's refusal otherwise. */
type SmsRuCall = (method: string, params?: Record<string, string>) => Promise<Record<string, unknown>>;

/** SMS.ru keeps a note with each number; what it takes is not documented, so it is kept short. */
const NOTE_MAX = 100;

/**
 * SMS.ru's own stop list (sms.ru/api, "stoplist"): `stoplist/add` with `stoplist_phone` and `stoplist_text`,
 * `stoplist/del` with `stoplist_phone`, `stoplist/get` answering `stoplist` as number → note (public clients
 * read it so: a map; an empty list may come as `[]`). How SMS.ru answers adding a number it has, or removing
 * one it has not, is not documented: after such a refusal the list itself is asked, and a list that already
 * says what was wanted is success.
 */
export function smsRuStopList(call: SmsRuCall): Required<Pick<SmsProvider, 'stopListAdd' | 'stopListRemove' | 'stopListGet'>> {
  async function stopListGet(): Promise<ProviderStopListEntry[]> {
    return entriesOf((await call('stoplist/get')).stoplist);
  }

  /** Runs the change; a refusal that is not an outage is forgiven when the list already is as wanted. */
  async function change(run: () => Promise<unknown>, phone: string, wantListed: boolean): Promise<void> {
    try {
      await run();
    } catch (error) {
      if (!(error instanceof ProviderError) || error.errorClass !== 'permanent') throw error;
      const listed = (await stopListGet()).some((entry) => entry.phone === phone);
      if (listed !== wantListed) throw error;
    }
  }

  return {
    stopListAdd: (phone, note) => change(() => call('stoplist/add', { stoplist_phone: phone, stoplist_text: note.slice(0, NOTE_MAX) || 'CRM SMS' }), phone, true),
    stopListRemove: (phone) => change(() => call('stoplist/del', { stoplist_phone: phone }), phone, false),
    stopListGet,
  };
}

/** `stoplist` as a map of number → note, or a list of numbers (or of `{phone, text}`); anything else is no answer. */
function entriesOf(list: unknown): ProviderStopListEntry[] {
  const digits = (value: string) => value.replace(/^\+/, '');
  if (Array.isArray(list)) {
    return list.flatMap((item): ProviderStopListEntry[] => {
      const phone = isObject(item) ? asText(item.phone ?? item.stoplist_phone) : asText(item);
      const note = isObject(item) ? asText(item.text ?? item.stoplist_text) : undefined;
      return phone ? [{ phone: digits(phone), ...(note ? { note } : {}) }] : [];
    });
  }
  if (!isObject(list)) throw unusableAnswer('stoplist/get answer without a stop list');
  return Object.entries(list).map(([phone, note]) => {
    const words = asText(note);
    return { phone: digits(phone), ...(words ? { note: words } : {}) };
  });
}
