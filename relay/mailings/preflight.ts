import { templateContextFor } from '../../shared/macros';
import type { PreflightView, PreviewView, SkipReason } from '../../shared/mailings';
import { countSegments } from '../../shared/segments';
import { ApiError } from '../api-error';
import { ProviderError } from '../providers/provider-error';
import type { SmsProvider } from '../providers/types';
import type { MailingRecord } from '../store/mailings';
import type { Store } from '../store/store';
import { freezeRecipients, mailingPhone, resolveAudience } from './audience';
import { compileMailingText } from './compile-mailing-text';
import type { FrozenRecipient } from './ledger';

const COST_CONCURRENCY = 8;
const FREEZE_CHUNK = 2000;

/**
 * Asks the provider's cost preview for the rendered messages as they are added, a batch per request
 * and several requests at once, so the provider prices one chunk while the next is rendered.
 */
function costEstimator(provider: SmsProvider) {
  const queue: FrozenRecipient[][] = [];
  let running = 0;
  let cost = 0;
  let currency: string | null = null;
  let failure: unknown = null;
  let settle: (() => void) | null = null;

  const pump = () => {
    while (running < COST_CONCURRENCY && queue.length > 0 && failure === null) {
      const batch = queue.shift()!;
      running++;
      provider.cost!(batch.map((r) => ({ to: r.phone!, text: r.text! })))
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

  return {
    add(recipients: FrozenRecipient[]): void {
      const sendable = recipients.filter((r) => !r.skip);
      for (let i = 0; i < sendable.length; i += provider.capabilities.batchSize) queue.push(sendable.slice(i, i + provider.capabilities.batchSize));
      pump();
    },
    async total(): Promise<{ cost: number; currency: string | null }> {
      if (running > 0 || (queue.length > 0 && failure === null)) await new Promise<void>((resolve) => (settle = resolve));
      if (failure !== null) throw failure;
      return { cost: Math.round(cost * 100) / 100, currency };
    },
  };
}

export interface FrozenAudience {
  recipients: FrozenRecipient[];
  preflight: PreflightView;
}

/**
 * What launching would do: the exact recipients and their texts, skipped by reason, total parts,
 * the provider's cost estimate against the balance and the budget cap, and what stands in the way.
 */
export async function runPreflight(
  deps: { store: Store; provider: SmsProvider; budgetCap: number | null; allowedCountries: readonly string[] | '*' },
  mailing: MailingRecord,
): Promise<FrozenAudience> {
  const problems: PreflightView['problems'] = [];
  if (!mailing.text.trim()) problems.push({ code: 'empty_text', message: 'The message text is empty', messageRu: 'Не заполнен текст сообщения' });
  const template = compileMailingText(deps.store, mailing.text);
  const { contacts, unknownContacts, unknownGroups } = resolveAudience(deps.store, mailing.audience);
  if (unknownGroups.length > 0) problems.push({ code: 'unknown_group', message: `Groups no longer exist: ${unknownGroups.join(', ')}`, messageRu: `Группы удалены: ${unknownGroups.join(', ')}` });
  if (unknownContacts.length > 0) problems.push({ code: 'unknown_contact', message: `${unknownContacts.length} contact(s) are not in the directory`, messageRu: `Контактов нет в справочнике: ${unknownContacts.length}` });
  const estimator = deps.provider.cost ? costEstimator(deps.provider) : null;
  const seenPhones = new Set<string>();
  const recipients: FrozenRecipient[] = [];
  let tooLong: FrozenRecipient | undefined;
  for (let i = 0; i < contacts.length; i += FREEZE_CHUNK) {
    const chunk = freezeRecipients(contacts.slice(i, i + FREEZE_CHUNK), template, mailing.name, deps.allowedCountries, seenPhones);
    for (const recipient of chunk) recipients.push(recipient);
    tooLong ??= chunk.find((r) => !r.skip && r.parts > deps.provider.capabilities.maxParts);
    if (!tooLong) estimator?.add(chunk);
    // Let the cost requests of this chunk go out while the next one is rendered.
    await new Promise((resolve) => setImmediate(resolve));
  }
  const skipped: Record<SkipReason, number> = { do_not_use_sms: 0, no_phone: 0, invalid_phone: 0, duplicate_phone: 0 };
  let totalParts = 0;
  for (const r of recipients) {
    if (r.skip) skipped[r.skip]++;
    else totalParts += r.parts;
  }
  const toSend = recipients.length - Object.values(skipped).reduce((a, b) => a + b, 0);
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
  return {
    recipients,
    preflight: { recipients: toSend, skipped, totalParts, estimatedCost: estimate.cost, currency: estimate.currency, balance, budgetCap: deps.budgetCap, problems },
  };
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
