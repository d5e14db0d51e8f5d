import { randomBytes } from 'node:crypto';
import type { z } from 'zod';
import {
  type AudienceRequest,
  type LaunchRequest,
  type MailingStats,
  type MailingView,
  type PreflightView,
  type RecipientState,
  type RecipientView,
  type createMailingSchema,
  type updateMailingSchema,
  skippedTotal,
} from '../../shared/mailings';
import type { Clock } from '../clock';
import { conflict, invalid, notFound, rejected } from '../domain/errors';
import type { ProviderId } from '../../shared/providers';
import type { ProviderRegistry } from '../providers/registry';
import type { AudienceWriter, FrozenRecipient, MailingPatch, MailingStorage, StoredRecipient } from '../store/mailing-storage';
import type { MailingRecord } from '../store/mailings';
import type { Directory } from './audience';
import { compileMailingText } from './compile-mailing-text';
import type { EngineConfig } from './engine-config';
import type { MailingEngine } from './engine';
import { audienceEditable, canHappen, deletable, editableFields, nextStatus } from './lifecycle';
import { START_DATE_WORDS, startDateProblem } from '../../shared/start-date';
import { BLOCKING_PROBLEMS, measureTexts, previewFor, runPreflight, type PreflightOptions } from './preflight';
import { rerenderQueued } from './rerender-queued';
import { createStagedPreflights, type PreflightStamp } from './staged-preflights';
import { withMacroDefaults } from './template';

type CreateInput = z.output<typeof createMailingSchema>;
type UpdateInput = z.output<typeof updateMailingSchema>;

export interface MailingServiceDeps {
  storage: MailingStorage;
  /** The contacts and groups audiences and macros come from. */
  directory: Directory;
  engine: MailingEngine;
  providers: ProviderRegistry;
  clock: Clock;
  config: Pick<EngineConfig, 'budgetCap' | 'allowedCountries'>;
  /** The replies matched to a mailing, and the numbers that said STOP among them. */
  replyCounts?(mailingId: string): { replies: number; optOuts: number };
  /** Changes whenever the contacts, groups, stop list or consents do: what a staged pre-flight is checked against. */
  directoryChanges(): string;
}

/** Mailings as the API offers them: validation of the launch-type rules, actions through the engine. */
export function createMailingService(deps: MailingServiceDeps) {
  const { storage, directory, engine, providers, clock } = deps;
  const iso = () => new Date(clock.now()).toISOString();

  /** Mailings whose audience is being frozen right now: a second launch must not freeze it again. */
  const launching = new Set<string>();
  const staged = createStagedPreflights(clock);
  /** Per mailing, the freeze under way (a pre-flight's or a launch's): two would write the same file. */
  const freezes = new Map<string, Promise<unknown>>();
  function freezingInTurn<T>(mailingId: string, work: () => Promise<T>): Promise<T> {
    const run = (freezes.get(mailingId) ?? Promise.resolve()).then(work);
    const settled = run.catch(() => undefined);
    freezes.set(mailingId, settled);
    void settled.then(() => freezes.get(mailingId) === settled && freezes.delete(mailingId));
    return run;
  }

  /**
   * Everything a pre-flight's figures depend on, as it stands now: the mailing as the person sees it
   * (a text someone else edited is never launched on another's confirmation), and the rest.
   */
  const stampOf = (mailing: MailingRecord, options: PreflightOptions): PreflightStamp => ({
    mailing: JSON.stringify([mailing.updatedAt, mailing.name, mailing.kind, mailing.text, mailing.audience, options.skipEmptyMacros === true]),
    directory: JSON.stringify([providers.active.id, deps.directoryChanges()]),
  });
  const preflightDeps = () => ({ directory, provider: providers.active, ...deps.config });

  /**
   * A pre-flight of a mailing that can be launched keeps what it froze (on disk, not in place) for the
   * launch that names it: an unchanged one then launches without freezing again. One that cannot be
   * written (a full disk) is not kept, and the figures stand all the same.
   */
  function stagedPreflight(id: string, options: PreflightOptions): Promise<PreflightView> {
    return freezingInTurn(id, async () => {
      const mailing = find(id);
      staged.drop(id);
      if (launching.has(id) || !canHappen(mailing.status, 'launch')) return runPreflight(preflightDeps(), mailing, options);
      const stamp = stampOf(mailing, options);
      let writer: AudienceWriter | null = null;
      try {
        writer = storage.freezeAudience(id);
      } catch {
        // Nowhere to keep it: the figures all the same.
      }
      const keep = (chunk: FrozenRecipient[]) => {
        try {
          writer?.add(chunk);
        } catch {
          writer?.abort();
          writer = null;
        }
      };
      let view: PreflightView;
      try {
        view = await runPreflight(preflightDeps(), mailing, options, keep);
      } catch (error) {
        writer?.abort();
        throw error;
      }
      if (!writer) return view;
      return { ...view, preflightId: staged.put(id, { stamp, view, writer }) };
    });
  }

  /**
   * The launch's frozen audience and figures: the pre-flight it names, when nothing they depend on has
   * changed since; else frozen again — and when the person had confirmed figures that came out
   * different, refused (409 preflight_changed) so they see the new ones first.
   */
  async function freezeForLaunch(mailing: MailingRecord, options: LaunchRequest): Promise<{ writer: AudienceWriter; preflight: PreflightView }> {
    const kept = staged.take(mailing.id);
    const stamp = stampOf(mailing, options);
    const confirmed = kept !== undefined && options.preflightId === kept.id && kept.stamp.mailing === stamp.mailing ? kept : undefined;
    if (confirmed && confirmed.stamp.directory === stamp.directory && !staged.expired(confirmed)) return { writer: confirmed.writer, preflight: confirmed.view };
    kept?.writer.abort();
    const writer = storage.freezeAudience(mailing.id);
    let preflight: PreflightView;
    try {
      preflight = await runPreflight(preflightDeps(), mailing, options, (chunk) => writer.add(chunk));
    } catch (error) {
      writer.abort();
      throw error;
    }
    if (options.preflightId !== undefined && (!confirmed || figuresOf(confirmed.view) !== figuresOf(preflight))) {
      writer.abort();
      throw conflict(
        'preflight_changed',
        'The figures have changed since the pre-flight (the audience, the contacts, the text or the prices): check the new ones and launch again',
        {
          messageRu: 'С момента проверки данные изменились (аудитория, контакты, текст или цены): проверьте новые цифры и запустите снова',
        },
      );
    }
    return { writer, preflight };
  }

  /** What the person confirmed and what a launch found differ in what they would decide on. */
  const figuresOf = (view: PreflightView) =>
    JSON.stringify([
      view.recipients,
      view.skipped,
      view.totalParts,
      view.estimatedCost,
      view.currency,
      view.shortfall,
      view.emptyMacros.recipients,
      view.problems.map((p) => p.code),
    ]);

  function find(id: string): MailingRecord {
    const mailing = storage.get(id);
    if (!mailing) throw notFound('mailing', `"${id}"`);
    return mailing;
  }

  /** A mailing being launched has its text and audience frozen right now: nothing else may change it meanwhile. */
  function findNotLaunching(id: string): MailingRecord {
    const mailing = find(id);
    if (launching.has(id)) {
      throw conflict('launching', 'This mailing is being launched: its text and audience are being frozen; try again when the launch is over', {
        messageRu: 'Рассылка запускается: её текст и аудитория фиксируются; повторите, когда запуск закончится',
      });
    }
    return mailing;
  }

  /** The shared start-date rule: deferred needs a start in the future; instant has none (whatever was sent is ignored). */
  function startAtFor(launchType: MailingRecord['launchType'], startAt: string | null | undefined): string | null {
    const problem = startDateProblem(launchType, startAt, clock.now());
    if (problem) {
      const { message, messageRu } = START_DATE_WORDS[problem].relay;
      throw invalid('startAt', message, { messageRu });
    }
    if (launchType === 'instant') return null;
    return new Date(startAt!).toISOString();
  }

  const view = (mailing: MailingRecord): MailingView => ({ ...engine.current(mailing), counters: engine.counters(mailing.id) });

  async function act(id: string, action: 'pause' | 'resume' | 'cancel'): Promise<MailingView> {
    return view(await engine.transition(findNotLaunching(id), action));
  }

  async function update(id: string, input: UpdateInput): Promise<MailingView> {
    const mailing = findNotLaunching(id);
    const editable = editableFields(mailing.status);
    const fields = Object.keys(input).filter((k) => input[k as keyof UpdateInput] !== undefined);
    const locked = editable === 'none' ? fields : editable === 'text' ? fields.filter((f) => f !== 'text') : [];
    if (locked.length > 0) {
      throw conflict('not_editable', `A ${mailing.status} mailing cannot be edited${editable === 'text' ? ' except its text' : ''} (tried: ${locked.join(', ')})`, {
        messageRu: 'Рассылку в этом состоянии нельзя изменить',
      });
    }
    const patch: MailingPatch = { updatedAt: iso() };
    if (input.name !== undefined) patch.name = input.name;
    if (input.responsible !== undefined) patch.responsible = input.responsible;
    if (input.kind !== undefined) patch.kind = input.kind;
    if (input.text !== undefined) {
      compileMailingText(directory, input.text);
      patch.text = input.text;
    }
    if (input.launchType !== undefined || input.startAt !== undefined) {
      const launchType = input.launchType ?? mailing.launchType;
      patch.launchType = launchType;
      patch.startAt = startAtFor(launchType, input.startAt === undefined ? mailing.startAt : input.startAt);
    }
    // Where the audience is frozen but the text may change (paused), queued recipients get the new text
    // first: the record says it only once they have it.
    const rerender = patch.text !== undefined && !audienceEditable(mailing.status) && editable === 'text';
    if (rerender) rerenderQueued(deps, id, compileMailingText(directory, patch.text!), patch.name ?? mailing.name);
    let updated: MailingRecord;
    try {
      updated = await storage.patch(id, patch);
    } catch (error) {
      if (rerender) rerenderQueued(deps, id, compileMailingText(directory, mailing.text), mailing.name);
      throw error;
    }
    return view(updated);
  }

  return {
    list: (): MailingView[] => [...storage.list()].reverse().map(view),
    get: (id: string): MailingView => view(find(id)),

    async create(input: CreateInput, user: string): Promise<MailingView> {
      compileMailingText(directory, input.text);
      const now = iso();
      const mailing: MailingRecord = {
        id: `mlg_${randomBytes(6).toString('hex')}`,
        name: input.name,
        responsible: input.responsible ?? user,
        launchType: input.launchType,
        kind: input.kind ?? 'service',
        startAt: startAtFor(input.launchType, input.startAt),
        text: input.text,
        audience: { contacts: [], groups: [] },
        provider: providers.active.id,
        status: 'draft',
        statusReason: null,
        createdBy: user,
        createdAt: now,
        updatedAt: now,
        launchedAt: null,
        finishedAt: null,
      };
      await storage.insert(mailing);
      return view(mailing);
    },

    update,

    async remove(id: string): Promise<void> {
      const mailing = findNotLaunching(id);
      if (!deletable(mailing.status)) {
        throw conflict('not_deletable', `A ${mailing.status} mailing cannot be deleted; cancel it first`, { messageRu: 'Сначала отмените рассылку' });
      }
      staged.drop(id);
      await storage.remove(id);
    },

    async setAudience(id: string, audience: Required<AudienceRequest>): Promise<MailingView> {
      const mailing = findNotLaunching(id);
      if (!audienceEditable(mailing.status))
        throw conflict('not_editable', `The audience of a ${mailing.status} mailing is frozen`, { messageRu: 'Аудитория уже зафиксирована' });
      const unknownGroup = audience.groups.find((g) => !directory.groups.get(g));
      if (unknownGroup) throw rejected('unknown_group', `Field "groups": no group "${unknownGroup}"`, { field: 'groups' });
      const unknownContact = audience.contacts.find((c) => !directory.contacts.get(c));
      if (unknownContact) throw rejected('unknown_contact', `Field "contacts": no contact "${unknownContact}" in the directory`, { field: 'contacts' });
      const unique = { contacts: [...new Set(audience.contacts)], groups: [...new Set(audience.groups)] };
      return view(await storage.patch(id, { audience: unique, updatedAt: iso() }));
    },

    preflight: (id: string, options: PreflightOptions = {}) => stagedPreflight(id, options),

    /** The lengths of the messages `text` (the saved text when left out) would make for the audience now. */
    textLengths: (id: string, text?: string) => measureTexts({ directory, allowedCountries: deps.config.allowedCountries }, find(id), text),

    /** «Подставить»: each `{{macro}}` named in `defaults` becomes `{{default macro "text"}}` in the saved text. */
    async applyMacroDefaults(id: string, defaults: Record<string, string>): Promise<MailingView> {
      const mailing = findNotLaunching(id);
      const { macros } = compileMailingText(directory, mailing.text);
      const absent = Object.keys(defaults).find((path) => !macros.includes(path));
      if (absent !== undefined) {
        throw rejected('unknown_macro', `Field "defaults": the text has no macro "${absent}"`, { field: 'defaults', messageRu: `В тексте нет макроса «${absent}»` });
      }
      return update(id, { text: withMacroDefaults(mailing.text, defaults) });
    },

    preview: (id: string, contactId: string) => previewFor({ directory, provider: providers.active }, find(id), contactId),

    /**
     * «Запустить рассылку»: freezes the audience into the ledger and starts (or schedules) it. A launch
     * whose estimate is over the balance needs `confirmOverBalance`; without it, a 409 names the shortfall.
     */
    async launch(id: string, options: LaunchRequest = {}): Promise<MailingView> {
      const mailing = find(id);
      nextStatus(mailing.status, mailing.launchType, 'launch');
      if (mailing.launchType === 'deferred') startAtFor('deferred', mailing.startAt);
      if (launching.has(id)) throw conflict('launching', 'This mailing is being launched already', { messageRu: 'Рассылка уже запускается' });
      launching.add(id);
      try {
        const { writer, preflight } = await freezingInTurn(id, () => freezeForLaunch(mailing, options));
        const blocking = preflight.problems.filter((p) => BLOCKING_PROBLEMS.has(p.code));
        if (blocking.length > 0) {
          writer.abort();
          throw rejected(blocking[0]!.code, blocking.map((p) => p.message).join('; '), { messageRu: blocking.map((p) => p.messageRu).join('; ') });
        }
        const overBalance = preflight.problems.find((p) => p.code === 'over_balance');
        if (overBalance && options.confirmOverBalance !== true) {
          writer.abort();
          throw conflict(
            'over_balance',
            `${overBalance.message}. Sending would stop when the money runs out; to launch anyway, confirm it ("confirmOverBalance": true)`,
            {
              messageRu: `${overBalance.messageRu}. Отправка остановится, когда закончатся деньги; чтобы всё равно запустить, подтвердите запуск сверх баланса`,
            },
          );
        }
        try {
          writer.finish();
        } catch (error) {
          writer.abort();
          throw error;
        }
        return view(await engine.transition(mailing, 'launch'));
      } finally {
        launching.delete(id);
      }
    },

    /** The relay stops: what pre-flights froze for a launch is thrown away. */
    dropStagedPreflights: () => staged.dropAll(),

    pause: (id: string) => act(id, 'pause'),
    resume: (id: string) => act(id, 'resume'),
    cancel: (id: string) => act(id, 'cancel'),
    retry: async (id: string) => view(await engine.retry(findNotLaunching(id))),
    resolveUnknown: async (id: string) => {
      find(id);
      return engine.resolveUnknown(id);
    },

    stats(id: string): MailingStats {
      const mailing = find(id);
      const counters = engine.counters(id);
      const totals = engine.totals(id);
      const skipped = skippedTotal(counters.skipped);
      const toSend = counters.total - skipped;
      const settled = toSend - counters.queued - counters.sending;
      return {
        status: engine.current(mailing).status,
        counters,
        totalParts: totals?.totalParts ?? 0,
        cost: totals?.cost ?? null,
        currency: totals?.cost == null ? null : engine.currency(id),
        progress: toSend === 0 ? (totals ? 1 : 0) : settled / toSend,
        unknownLookup: providers.get(mailing.provider as ProviderId)?.capabilities.lookup ?? false,
        ...(deps.replyCounts?.(id) ?? { replies: 0, optOuts: 0 }),
      };
    },

    recipients(id: string, filter: { status?: RecipientState; offset: number; limit: number }): { total: number; recipients: RecipientView[] } {
      find(id);
      const page = storage.page(id, { state: filter.status, offset: filter.offset, limit: filter.limit });
      if (!page) return { total: 0, recipients: [] };
      return { total: page.total, recipients: page.recipients.map(recipientView) };
    },
  };
}

export type MailingService = ReturnType<typeof createMailingService>;

function recipientView(r: StoredRecipient): RecipientView {
  const { state, error } = r;
  return {
    index: r.index,
    contactId: r.contactId,
    name: r.name,
    phone: r.phone,
    text: r.text,
    parts: r.parts,
    state,
    skipReason: r.skip ?? (state === 'skipped' && error ? (error as RecipientView['skipReason']) : null),
    providerMessageId: r.providerMessageId,
    cost: r.cost,
    error: state === 'skipped' ? null : error,
    updatedAt: r.updatedAt ? new Date(r.updatedAt).toISOString() : null,
  };
}
