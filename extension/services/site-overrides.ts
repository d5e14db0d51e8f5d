import type { z } from 'zod';
import { siteOverrideSchema, type SiteOverride, type SiteOverrideInput, type SiteOverrideView } from '../../shared/adapter-overrides';
import type { OverrideScope, Result, UiError } from '../messaging/protocol';
import type { RelayClient } from './relay-client';
import { mergeOverrides, OVERRIDES_STORAGE_PREFIX } from './site-override-rules';

const BROWSER_KEY = `${OVERRIDES_STORAGE_PREFIX}browser`;
const teamKey = (site: string) => `${OVERRIDES_STORAGE_PREFIX}team:${site}`;

/** At most this many overrides kept in one browser (one per site and adapter). */
const MAX_BROWSER_OVERRIDES = 200;

export interface KeyValueStore {
  get(key: string): Promise<unknown>;
  set(key: string, value: unknown): Promise<void>;
}

/** The team's overrides for a site as last served, with the answer's ETag. */
interface TeamCache {
  etag: string | null;
  overrides: SiteOverride[];
}

type RelayPart = Pick<RelayClient, 'siteOverrides' | 'saveSiteOverride' | 'removeSiteOverride'>;

const refused = (code: string, message: string, messageRu: string, field?: string): { ok: false; error: UiError } => ({
  ok: false,
  error: { code, message, messageRu, ...(field ? { field } : {}) },
});

/** The first problem of an override, in words that name the field (as the relay words them). */
function invalid(error: z.ZodError): { ok: false; error: UiError } {
  const issue = error.issues[0]!;
  const path = issue.path.map(String).join('.');
  const problem = issue.code === 'unrecognized_keys' ? `"${issue.keys.join('", "')}" is not known` : issue.message;
  return path
    ? refused('invalid_override', `Field "${path}": ${problem}`, `Поле «${path}»: ${problem}`, path)
    : refused('invalid_override', `The override ${problem}`, `Правило не принято: ${problem}`);
}

/** Only what the schema allows: a cache or a relay answer that is not an override is left out, not trusted. */
const valid = (items: unknown): SiteOverride[] =>
  (Array.isArray(items) ? items : []).flatMap((item) => {
    const parsed = siteOverrideSchema.safeParse(stripView(item));
    return parsed.success ? [parsed.data] : [];
  });

/** The relay's view adds who changed it and when; the schema is strict about keys. */
function stripView(item: unknown): unknown {
  if (typeof item !== 'object' || item === null) return item;
  const { updatedAt: _at, updatedBy: _by, ...override } = item as Partial<SiteOverrideView>;
  return override;
}

/**
 * Per-site reading overrides, in the background: the team's from the relay (revalidated by ETag on each
 * page load, kept in storage), this browser's own from storage. When the relay cannot be reached the
 * last served ones apply; with none ever served, only the bundled rules do.
 */
export function createSiteOverrides(deps: { relay: RelayPart; store: KeyValueStore; timeoutMs?: number; answerWithinMs?: number }) {
  const { relay, store } = deps;
  /** Revalidations under way, per site: the frames of one page load share one request. */
  const asking = new Map<string, Promise<SiteOverride[]>>();

  const own = async (): Promise<SiteOverride[]> => valid(await store.get(BROWSER_KEY));
  const cached = async (site: string): Promise<TeamCache> => {
    const value = (await store.get(teamKey(site))) as Partial<TeamCache> | undefined;
    return { etag: typeof value?.etag === 'string' ? value.etag : null, overrides: valid(value?.overrides) };
  };

  /** Asks the relay; a changed answer is stored (every write tells the site's content scripts to read again). */
  async function revalidate(site: string, cache: TeamCache): Promise<SiteOverride[]> {
    const answer = await relay.siteOverrides(site, cache.etag, { timeoutMs: deps.timeoutMs ?? 10_000 });
    if (!answer.ok || answer.value.unchanged) return cache.overrides;
    const fresh: TeamCache = { etag: answer.value.etag, overrides: valid(answer.value.value?.overrides).filter((o) => o.site === site) };
    if (JSON.stringify(fresh) !== JSON.stringify(cache)) await store.set(teamKey(site), fresh);
    return fresh.overrides;
  }

  /**
   * The team's overrides for a site: asked of the relay on every page load (an unchanged answer is a 304),
   * else as last served. A slow relay does not hold the card up: after `answerWithinMs` the cached ones
   * are answered, and a late answer that changes them reaches the page through the storage change.
   */
  async function team(site: string, wait = false): Promise<SiteOverride[]> {
    let asked = asking.get(site);
    if (!asked) {
      asked = cached(site).then((cache) => revalidate(site, cache));
      asking.set(site, asked);
      void asked.finally(() => asking.delete(site)).catch(() => undefined);
    }
    if (wait) return asked;
    let timer: ReturnType<typeof setTimeout> | undefined;
    const late = new Promise<SiteOverride[]>((resolve) => (timer = setTimeout(() => resolve(cached(site).then((c) => c.overrides)), deps.answerWithinMs ?? 1_500)));
    return Promise.race([asked, late]).finally(() => clearTimeout(timer));
  }

  /** After a change on the relay: ask again once any request under way is over (it may predate the change). */
  async function settled(site: string): Promise<void> {
    await asking.get(site)?.catch(() => undefined);
    await team(site, true);
  }

  return {
    /** Every override of a site, merged per adapter (this browser's rules first). */
    async forSite(site: string): Promise<SiteOverride[]> {
      const mine = (await own()).filter((o) => o.site === site);
      return mergeOverrides(mine, await team(site));
    },

    async save(scope: OverrideScope, input: SiteOverrideInput): Promise<Result<SiteOverride>> {
      if (scope === 'team') {
        const saved = await relay.saveSiteOverride(input);
        if (!saved.ok) return saved;
        const override = valid([saved.value])[0];
        await settled(override?.site ?? input.site);
        return override
          ? { ok: true, value: override }
          : refused('invalid_answer', 'The relay answered with an override it does not accept itself', 'Сервер вернул правило, которое сам не принимает');
      }
      const parsed = siteOverrideSchema.safeParse(input);
      if (!parsed.success) return invalid(parsed.error);
      const others = (await own()).filter((o) => o.site !== parsed.data.site || o.adapter !== parsed.data.adapter);
      if (others.length >= MAX_BROWSER_OVERRIDES) {
        return refused(
          'too_many',
          `This browser keeps at most ${MAX_BROWSER_OVERRIDES} site overrides; remove one first`,
          `В этом браузере хранится не больше ${MAX_BROWSER_OVERRIDES} правил сайтов; сначала удалите одно`,
        );
      }
      await store.set(BROWSER_KEY, [...others, parsed.data]);
      return { ok: true, value: parsed.data };
    },

    async remove(scope: OverrideScope, site: string, adapter: string): Promise<Result<null>> {
      if (scope === 'team') {
        const removed = await relay.removeSiteOverride(site, adapter);
        if (removed.ok) await settled(site);
        return removed;
      }
      const all = await own();
      const rest = all.filter((o) => o.site !== site || o.adapter !== adapter);
      if (rest.length === all.length) {
        return refused('not_found', `This browser has no override for ${adapter} on ${site}`, `В этом браузере нет правила для ${adapter} на ${site}`);
      }
      await store.set(BROWSER_KEY, rest);
      return { ok: true, value: null };
    },
  };
}

export type SiteOverrides = ReturnType<typeof createSiteOverrides>;
