import { templateContextFor } from '../../shared/macros';
import { noSkips, type EmptyMacroReport, type PreflightView, type PreviewView, type SkipReason, type TextLengthsView } from '../../shared/mailings';
import { countSegments } from '../../shared/segments';
import { DomainError } from '../domain/errors';
import { ProviderError } from '../providers/provider-error';
import type { SmsProvider } from '../providers/types';
import type { MailingRecord } from '../store/mailings';
import { freezeRecipients, resolveAudience, type Directory } from './audience';
import { compileMailingText } from './compile-mailing-text';
import { costEstimator } from './cost-estimator';
import type { FrozenRecipient } from '../store/mailing-storage';
import { moneyWords } from './money-words';
import { mailingPhone, skipReasonOf } from './skip-reason';
import type { CompiledTemplate } from './template';
import { macroLabel, textSurvey } from './text-survey';

const FREEZE_CHUNK = 2000;

export interface PreflightOptions {
  /** Skip the recipients whose text has an empty macro (as the launch will when asked to). */
  skipEmptyMacros?: boolean;
}

type PreflightDeps = { directory: Directory; provider: SmsProvider; budgetCap: number | null; allowedCountries: readonly string[] | '*' };

/**
 * The audience frozen chunk by chunk, each chunk's texts surveyed (empty macros, lengths) before
 * `onChunk` sees it, with a turn of the event loop between chunks.
 */
async function freezeAndSurvey(
  deps: Pick<PreflightDeps, 'directory' | 'allowedCountries'>,
  mailing: MailingRecord,
  template: CompiledTemplate,
  options: PreflightOptions,
  onChunk: (chunk: FrozenRecipient[]) => void,
) {
  const { contacts, unknownContacts, unknownGroups } = resolveAudience(deps.directory, mailing.audience);
  const survey = textSurvey(template, mailing.name, options.skipEmptyMacros === true);
  const seenPhones = new Set<string>();
  const rules = { allowedCountries: deps.allowedCountries, stopList: deps.directory.stopList, consents: deps.directory.consents };
  for (const chunkOfContacts of chunks(contacts, FREEZE_CHUNK)) {
    const chunk = freezeRecipients(chunkOfContacts, template, mailing, rules, seenPhones);
    for (let i = 0; i < chunk.length; i++) survey.add(chunkOfContacts[i]!, chunk[i]!);
    onChunk(chunk);
    // A turn of the event loop between chunks: a big audience never holds up other requests.
    await new Promise((resolve) => setImmediate(resolve));
  }
  return { survey, unknownContacts, unknownGroups };
}

/**
 * What launching would do: the exact recipients and their texts, skipped by reason, total parts,
 * the provider's cost estimate against the balance and the budget cap, empty macros, how long the
 * messages are, and what stands in the way. The frozen recipients go to `sink` chunk by chunk (at
 * launch, into the ledger); memory never holds the whole audience.
 */
export async function runPreflight(
  deps: PreflightDeps,
  mailing: MailingRecord,
  options: PreflightOptions = {},
  sink: (recipients: FrozenRecipient[]) => void = () => {},
): Promise<PreflightView> {
  const problems: PreflightView['problems'] = [];
  if (!mailing.text.trim()) problems.push({ code: 'empty_text', message: 'The message text is empty', messageRu: 'Не заполнен текст сообщения' });
  const template = compileMailingText(deps.directory, mailing.text);
  const estimator = deps.provider.cost ? costEstimator(deps.provider) : null;
  const skipped: Record<SkipReason, number> = noSkips();
  let toSend = 0;
  let totalParts = 0;
  let tooLong: FrozenRecipient | undefined;
  const { survey, unknownContacts, unknownGroups } = await freezeAndSurvey(deps, mailing, template, options, (chunk) => {
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
  });
  if (unknownGroups.length > 0)
    problems.push({ code: 'unknown_group', message: `Groups no longer exist: ${unknownGroups.join(', ')}`, messageRu: `Группы удалены: ${unknownGroups.join(', ')}` });
  if (unknownContacts.length > 0)
    problems.push({
      code: 'unknown_contact',
      message: `${unknownContacts.length} contact(s) are not in the directory`,
      messageRu: `Контактов нет в справочнике: ${unknownContacts.length}`,
    });
  if (toSend === 0)
    problems.push({ code: 'no_recipients', message: 'No recipient would get a message', messageRu: 'Нет получателей, которым можно отправить сообщение' });
  if (tooLong)
    problems.push({
      code: 'text_too_long',
      message: `The text for ${tooLong.name} takes ${tooLong.parts} SMS; ${deps.provider.name} takes at most ${deps.provider.capabilities.maxParts}`,
      messageRu: `Текст для ${tooLong.name} займёт ${tooLong.parts} СМС, а оператор принимает не больше ${deps.provider.capabilities.maxParts}`,
    });
  const emptyMacros = survey.emptyMacros();
  if (emptyMacros.recipients > 0 && !options.skipEmptyMacros) problems.push(emptyMacroProblem(emptyMacros));

  let estimate: { cost: number | null; currency: string | null } = { cost: null, currency: null };
  try {
    if (estimator && toSend > 0 && !tooLong) estimate = await estimator.total();
  } catch (error) {
    if (!(error instanceof ProviderError)) throw error;
    problems.push({
      code: 'cost_unavailable',
      message: `The cost could not be estimated: ${error.message}`,
      messageRu: `Не удалось оценить стоимость: ${error.messageRu}`,
    });
  }
  let balance: number | null = null;
  let balanceCurrency: string | null = null;
  if (deps.provider.balance) {
    try {
      ({ balance, currency: balanceCurrency } = await deps.provider.balance());
    } catch (error) {
      if (!(error instanceof ProviderError)) throw error;
    }
  }
  if (estimate.cost !== null && deps.budgetCap !== null && estimate.cost > deps.budgetCap) {
    problems.push({
      code: 'over_budget',
      message: `The estimated cost ${estimate.cost} ${estimate.currency ?? ''} is over the budget cap of ${deps.budgetCap}`,
      messageRu: `Оценка стоимости ${estimate.cost} превышает лимит ${deps.budgetCap}`,
    });
  }
  const shortfall = estimate.cost !== null && balance !== null && estimate.cost > balance ? round(estimate.cost - balance) : null;
  if (shortfall !== null) problems.push({ code: 'over_balance', ...overBalanceWords(estimate.cost!, balance!, shortfall, estimate.currency ?? balanceCurrency) });
  return {
    recipients: toSend,
    skipped,
    totalParts,
    estimatedCost: estimate.cost,
    currency: estimate.currency ?? balanceCurrency,
    balance,
    shortfall,
    budgetCap: deps.budgetCap,
    emptyMacros,
    lengths: survey.lengths(),
    problems,
  };
}

/** How long the messages of `text` (the mailing's own when left out) would be for the mailing's audience now. */
export async function measureTexts(deps: Pick<PreflightDeps, 'directory' | 'allowedCountries'>, mailing: MailingRecord, text = mailing.text): Promise<TextLengthsView> {
  let recipients = 0;
  const { survey } = await freezeAndSurvey(deps, mailing, compileMailingText(deps.directory, text), {}, (chunk) => {
    for (const r of chunk) if (!r.skip) recipients++;
  });
  return { recipients, lengths: survey.lengths() };
}

const round = (amount: number) => Math.round(amount * 100) / 100;

/** «Оценка стоимости 1 502,50 ₽ больше баланса 985,00 ₽: не хватает 517,50 ₽». */
function overBalanceWords(cost: number, balance: number, shortfall: number, currency: string | null): { message: string; messageRu: string } {
  const [c, b, s] = [cost, balance, shortfall].map((amount) => moneyWords(amount, currency));
  return {
    message: `The estimated cost ${c!.en} is more than the balance ${b!.en}: ${s!.en} short`,
    messageRu: `Оценка стоимости ${c!.ru} больше баланса ${b!.ru}: не хватает ${s!.ru}`,
  };
}

function emptyMacroProblem(report: EmptyMacroReport): PreflightView['problems'][number] {
  const labels = report.macros.map((m) => macroLabel(m.path));
  const names = report.examples.map((e) => e.name).join(', ');
  const more = report.recipients > report.examples.length ? ', …' : '';
  return {
    code: 'empty_macro',
    message: `${report.recipients} recipient(s) would get a text with an empty macro (${labels.map((l) => l.en).join(', ')}): ${names}${more}`,
    messageRu: `Получателей с пустым макросом («${labels.map((l) => l.ru).join('», «')}») в тексте: ${report.recipients} — ${names}${more}`,
  };
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
export async function previewFor(deps: { directory: Directory; provider: SmsProvider }, mailing: MailingRecord, contactId: string): Promise<PreviewView> {
  const contact = deps.directory.contacts.get(contactId);
  if (!contact) throw new DomainError('not_found', 'not_found', `Field "contactId": no contact "${contactId}" in the directory`, { field: 'contactId' });
  const template = compileMailingText(deps.directory, mailing.text);
  const verdict = skipReasonOf(contact, mailing.kind, deps.directory);
  // The number the mailing would use, also for a contact it skips (the text shows it all the same).
  const phone = verdict.skip === null ? verdict : mailingPhone(contact);
  const digits = 'digits' in phone ? phone.digits : '';
  const context = templateContextFor(contact, digits, mailing.name);
  const text = template.render(context);
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
  return {
    contactId,
    phone: digits || null,
    text,
    pieces: template.renderMarked(context),
    emptyMacros: template.emptyMacros(context),
    parts: segments.parts,
    encoding: segments.encoding,
    estimatedCost,
    currency,
    skipReason: verdict.skip,
  };
}
