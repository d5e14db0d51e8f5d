import { z } from 'zod';
import { READ_LAYERS, siteOverrideSchema } from '../../shared/adapter-overrides';
import type { Protocol, Result, UiError } from '../messaging/protocol';
import { siteFor, type Settings } from '../settings/settings';
import type { Sender } from './background-handlers';
import { createReadHealth, MAX_HEALTH_FIELDS, type ReadHealth } from './read-health';
import type { RelayClient } from './relay-client';
import { createSiteOverrides, type KeyValueStore, type SiteOverrides } from './site-overrides';

type ReadingRequest = 'siteOverride' | 'siteOverrides' | 'saveSiteOverride' | 'removeSiteOverride' | 'reportReadHealth' | 'adapterHealth';
type Handlers = { [K in ReadingRequest]: (payload: Protocol[K]['request'], sender?: Sender) => Promise<Result<Protocol[K]['response']>> };

const ok = <T>(value: T): Result<T> => ({ ok: true, value });
const refused = (message: string, messageRu: string): { ok: false; error: UiError } => ({ ok: false, error: { code: 'not_allowed', message, messageRu } });

const NOT_ENABLED = refused('This site is not enabled in the extension settings', 'Этот сайт не включён в настройках расширения');
const NOT_OWN_SITE = refused('A CRM page may change the reading rules of its own site only', 'Страница CRM может менять правила чтения только своего сайта');
const NO_SITE = refused('No CRM site named for the reading rules', 'Не указан сайт CRM для правил чтения');
const NOT_FROM_PAGE = refused('Reading health is counted from a CRM page only', 'Счётчики чтения принимаются только со страницы CRM');
const BAD_SCOPE = refused(
  'Say where the override goes (scope "browser" or "team") and for which adapter',
  'Укажите, где действует правило (scope «browser» или «team»), и для какого адаптера',
);
const BAD_HEALTH = refused(
  'Health counts must name the adapter and, per field, the layer that read it or null',
  'Счётчики чтения должны назвать адаптер и для каждого поля слой, который его прочитал, или null',
);

const SCOPES = new Set(['browser', 'team']);

/** One card's outcome as a content script reports it: layer names and null only, never a value. */
const cardOutcomeSchema = z.strictObject({
  adapter: siteOverrideSchema.shape.adapter,
  fields: z
    .record(z.string().min(1).max(100), z.enum(READ_LAYERS).nullable())
    .refine((fields) => Object.keys(fields).length <= MAX_HEALTH_FIELDS, `must have at most ${MAX_HEALTH_FIELDS} fields`),
});

const parse = (url: string | undefined): URL | null => {
  try {
    return url ? new URL(url) : null;
  } catch {
    return null;
  }
};

/** A content script's sender address is its CRM page's (http or https); the extension's own pages have theirs. */
const isPageSender = (sender: Sender | undefined) => /^https?:$/.test(parse(sender?.url)?.protocol ?? '');

const memoryStore = (): KeyValueStore => {
  const values = new Map<string, unknown>();
  return { get: async (key) => values.get(key), set: async (key, value) => void values.set(key, value) };
};

/**
 * The background's answers about reading CRM pages: a site's overrides (this browser's and the
 * team's), saving and removing them, and selector health. A content script is held to its own
 * enabled site whatever it names; the extension's own pages name the site.
 */
export function createReadingHandlers(deps: { relay: RelayClient; settings: () => Promise<Settings>; overrides?: SiteOverrides; health?: ReadHealth }): Handlers {
  const { relay, settings } = deps;
  const overrides = deps.overrides ?? createSiteOverrides({ relay, store: memoryStore() });
  const pending = memoryStore();
  const health =
    deps.health ??
    createReadHealth({ send: (report) => relay.reportHealth(report), store: { load: () => pending.get('health'), save: (p) => pending.set('health', p) } });

  /** The site a request is about: a content script's own (enabled) origin; else the one named, or the sender's tab's. */
  async function siteOf(named: unknown, sender: Sender | undefined): Promise<string | null> {
    if (isPageSender(sender)) {
      const origin = parse(sender?.url)!.origin;
      return siteFor(await settings(), origin) ? origin : null;
    }
    const site = typeof named === 'string' ? named : parse(sender?.tab?.url)?.origin;
    return site && site !== 'null' ? site : null;
  }

  /** For a save or a removal: the site, or why not. */
  async function siteToChange(named: unknown, sender: Sender | undefined): Promise<Result<string>> {
    const site = await siteOf(named, sender);
    if (!site) return isPageSender(sender) ? NOT_ENABLED : NO_SITE;
    return named === site ? ok(site) : NOT_OWN_SITE;
  }

  return {
    async siteOverrides(request, sender) {
      const site = await siteOf(request?.site, sender);
      return ok(site ? await overrides.forSite(site) : []);
    },
    async siteOverride(request, sender) {
      const site = await siteOf(request?.site, sender);
      if (!site) return ok(null);
      const all = await overrides.forSite(site);
      return ok((request?.adapter ? all.find((o) => o.adapter === request.adapter) : all[0]) ?? null);
    },
    async saveSiteOverride(request, sender) {
      if (!SCOPES.has(request?.scope)) return BAD_SCOPE;
      const site = await siteToChange(request.override?.site, sender);
      return site.ok ? overrides.save(request.scope, request.override) : site;
    },
    async removeSiteOverride(request, sender) {
      if (!SCOPES.has(request?.scope) || typeof request.adapter !== 'string') return BAD_SCOPE;
      const site = await siteToChange(request.site, sender);
      return site.ok ? overrides.remove(request.scope, site.value, request.adapter) : site;
    },
    async reportReadHealth(request, sender) {
      if (!isPageSender(sender)) return NOT_FROM_PAGE;
      const site = await siteOf(undefined, sender);
      if (!site) return NOT_ENABLED;
      const card = cardOutcomeSchema.safeParse(request);
      if (!card.success) return BAD_HEALTH;
      await health.record(site, card.data.adapter, card.data.fields);
      return ok(null);
    },
    async adapterHealth() {
      // This browser's counts first, so that what the admin sees includes them.
      await health.flush();
      return relay.adapterHealth();
    },
  };
}
