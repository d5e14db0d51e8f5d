import { templateContextFor } from '../../shared/macros';
import type { PreflightView, PreviewView, SkipReason } from '../../shared/mailings';
import { countSegments } from '../../shared/segments';
import { ApiError } from '../api-error';
import { ProviderError } from '../providers/provider-error';
import type { OutgoingSms, SmsProvider } from '../providers/types';
import type { MailingRecord } from '../store/mailings';
import type { Store } from '../store/store';
import { freezeRecipients, mailingPhone, resolveAudience } from './audience';
import { compileMailingText } from './compile-mailing-text';
import type { FrozenRecipient } from './ledger';

const COST_CONCURRENCY = 8;
const FREEZE_CHUNK = 2000;

/**
 * Asks the provider's cost preview as the rendered messages are added, a batch per request and
 * several requests at once, so the provider prices one chunk while the next is rendered. A number's
 * price is its per-part price times the parts, so each batch is priced with one real rendered text
 * of the same part count for every number in it: the estimate is the same as pricing each personal
 * text, and a request carries a list of numbers instead of a hundred texts.
 */
function costEstimator(provider: SmsProvider) {
  const queue: OutgoingSms[][] = [];
  const pending = new Map<number, { text: string; numbers: string[] }>();
  let running = 0;
  let cost = 0;
  let currency: string | null = null;
  let failure: unknown = null;
  let settle: (() => void) | null = null;

  const pump = () => {
    while (running < COST_CONCURRENCY && queue.length > 0 && failure === null) {
      const batch = queue.shift()!;
      running++;
      provider.cost!(batch)
        .then((estimate) => {
          cost += estimate.cost;
          currency = estimate.currency;
        })
        .catch((error: unknown) => {
          failure ??= error;
        })
        .finally(() => {
          running--;
          pump();
          if (running === 0 && (queue.length === 0 || failure !== null)) settle?.();
        });
    }
  };
  const flush = (parts: number, all: boolean) => {
    const group = pending.get(parts);
    if (!group) return;
    const size = provider.capabilities.batchSize;
    while (group.numbers.length >= size || (all && group.numbers.length > 0)) {
      queue.push(group.numbers.splice(0, size).map((to) => ({ to, text: group.text })));
    }
  };

  return {
    add(recipients: FrozenRecipient[]): void {
      for (const r of recipients) {
        if (r.skip) continue;
        let group = pending.get(r.parts);
        if (!group) pending.set(r.parts, (group = { text: r.text!, numbers: [] }));
        group.numbers.push(r.phone!);
        flush(r.parts, false);
      }
      pump();
    },
    async total(): Promise<{ cost: number; currency: string | null }> {
      for (const parts of pending.keys()) flush(parts, true);
      pump();
      if (running > 0 || (queue.length > 0 && failure === null)) await new Promise<void>((resolve) => (settle = resolve));
      if (failure !== null) throw failure;
      return { cost: Math.round(cost * 100) / 100, currency };
    },
  };
}

/**
 * What launching would do: the exact recipients and their texts, skipped by reason, total parts,
 * the provider's cost estimate against the balance and the budget cap, and what stands in the way.
 * The frozen recipients go to `sink` chunk by chunk (at launch, into the ledger); memory never holds
 * the whole audience.
 */
export async function runPreflight(
  deps: { store: Store; provider: SmsProvider; budgetCap: number | null; allowedCountries: readonly string[] | '*' },
  mailing: MailingRecord,
  sink: (recipients: FrozenRecipient[]) => void = () => {},
): Promise<PreflightView> {
  const problems: PreflightView['problems'] = [];
  if (!mailing.text.trim()) problems.push({ code: 'empty_text', message: 'The message text is empty', messageRu: 'Не заполнен текст сообщения' });
  const template = compileMailingText(deps.store, mailing.text);
  const { contacts, unknownContacts, unknownGroups } = resolveAudience(deps.store, mailing.audience);
  if (unknownGroups.length > 0) problems.push({ code: 'unknown_group', message: `Groups no longer exist: ${unknownGroups.join(', ')}`, messageRu: `Группы удалены: ${unknownGroups.join(', ')}` });
  if (unknownContacts.length > 0) problems.push({ code: 'unknown_contact', message: `${unknownContacts.length} contact(s) are not in the directory`, messageRu: `Контактов нет в справочнике: ${unknownContacts.length}` });
  const estimator = deps.provider.cost ? costEstimator(deps.provider) : null;
  const seenPhones = new Set<string>();
  const skipped: Record<SkipReason, number> = { do_not_use_sms: 0, no_phone: 0, invalid_phone: 0, duplicate_phone: 0 };
  let toSend = 0;
  let totalParts = 0;
  let tooLong: FrozenRecipient | undefined;
  for (const chunkOfContacts of chunks(contacts, FREEZE_CHUNK)) {
    const chunk = freezeRecipients(chunkOfContacts, template, mailing.name, deps.allowedCountries, seenPhones);
    for (const r of chunk) {
      if (r.skip) skipped[r.skip]++;
      else {
        toSend++;
        totalParts += r.parts;
        if (!tooLong && r.parts > deps.provider.capabilities.maxParts) tooLong = r;
      }
    }
    sink(chunk);
    if (!tooLong) estimator?.add(chunk);
    // Let the cost requests of this chunk go out while the next one is rendered.
    await new Promise((resolve) => setImmediate(resolve));
  }
  if (toSend === 0) problems.push({ code: 'no_recipients', message: 'No recipient would get a message', messageRu: 'Нет получателей, которым можно отправить сообщение' });
  if (tooLong) problems.push({ code: 'text_too_long', message: `The text for ${tooLong.name} takes ${tooLong.parts} SMS; ${deps.provider.name} takes at most ${deps.provider.capabilities.maxParts}`, messageRu: `Текст для ${tooLong.name} займёт ${tooLong.parts} СМС, а оператор принимает не больше ${deps.provider.capabilities.maxParts}` });

  let estimate: { cost: number | null; currency: string | null } = { cost: null, currency: null };
  try {
    if (estimator && toSend > 0 && !tooLong) estimate = await estimator.total();
  } catch (error) {
    if (!(error instanceof ProviderError)) throw error;
    problems.push({ code: 'cost_unavailable', message: `The cost could not be estimated: ${error.message}`, messageRu: `Не удалось оценить стоимость: ${error.messageRu}` });
  }
  let balance: number | null = null;
  if (deps.provider.balance) {
    try {
      balance = (await deps.provider.balance()).balance;
    } catch (error) {
      if (!(error instanceof ProviderError)) throw error;
    }
  }
  if (estimate.cost !== null && deps.budgetCap !== null && estimate.cost > deps.budgetCap) {
    problems.push({ code: 'over_budget', message: `The estimated cost ${estimate.cost} ${estimate.currency ?? ''} is over the budget cap of ${deps.budgetCap}`, messageRu: `Оценка стоимости ${estimate.cost} превышает лимит ${deps.budgetCap}` });
  }
  if (estimate.cost !== null && balance !== null && estimate.cost > balance) {
    problems.push({ code: 'over_balance', message: `The estimated cost ${estimate.cost} is more than the balance ${balance}`, messageRu: `Оценка стоимости ${estimate.cost} больше баланса ${balance}` });
  }
  return { recipients: toSend, skipped, totalParts, estimatedCost: estimate.cost, currency: estimate.currency, balance, budgetCap: deps.budgetCap, problems };
}

function* chunks<T>(items: Iterable<T>, size: number): Generator<T[]> {
  let chunk: T[] = [];
  for (const item of items) {
    chunk.push(item);
    if (chunk.length === size) {
      yield chunk;
      chunk = [];
    }
  }
  if (chunk.length > 0) yield chunk;
}

/** Problems that stop a launch (the rest are shown and the marketer decides). */
export const BLOCKING_PROBLEMS = new Set(['empty_text', 'no_recipients', 'over_budget', 'text_too_long', 'unknown_group']);

/** «Проверить»: exactly the text one contact would get. */
export async function previewFor(deps: { store: Store; provider: SmsProvider }, mailing: MailingRecord, contactId: string): Promise<PreviewView> {
  const contact = deps.store.contacts.get(contactId);
  if (!contact) throw new ApiError(404, 'not_found', `Field "contactId": no contact "${contactId}" in the directory`, { field: 'contactId' });
  const template = compileMailingText(deps.store, mailing.text);
  const phone = mailingPhone(contact);
  const digits = 'digits' in phone ? phone.digits : '';
  const text = template.render(templateContextFor(contact, digits, mailing.name));
  const segments = countSegments(text);
  let estimatedCost: number | null = null;
  let currency: string | null = null;
  if (deps.provider.cost && digits && text.trim()) {
    try {
      const estimate = await deps.provider.cost([{ to: digits, text }]);
      estimatedCost = estimate.cost;
      currency = estimate.currency;
    } catch (error) {
      if (!(error instanceof ProviderError)) throw error;
    }
  }
  const skipReason = contact.doNotUseSms === true ? 'do_not_use_sms' : 'skip' in phone ? phone.skip : null;
  return { contactId, phone: digits || null, text, parts: segments.parts, encoding: segments.encoding, estimatedCost, currency, skipReason };
}
