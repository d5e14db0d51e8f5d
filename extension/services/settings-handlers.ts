import type { ContactSnapshot } from '../../shared/api';
import type { Protocol, Result } from '../messaging/protocol';
import { createCrmUsers, browserCrmUserStore, type CrmUsers } from '../settings/crm-users';
import { relayTargetOf } from '../settings/settings';
import type { Sender } from './background-handlers';
import { createRelayClient, type RelayClient, type RelayTarget } from './relay-client';

type SettingsRequest = 'testConnection' | 'defaultResponsible';
type Handlers = { [K in SettingsRequest]: (payload: Protocol[K]['request'], sender?: Sender) => Promise<Result<Protocol[K]['response']>> };

/** The origin of a CRM page (http or https); null for the extension's own pages. */
const pageOrigin = (url: string | undefined): string | null => {
  try {
    const parsed = new URL(url ?? '');
    return parsed.protocol === 'http:' || parsed.protocol === 'https:' ? parsed.origin : null;
  } catch {
    return null;
  }
};

const sitesOf = (sites: unknown): string[] =>
  Array.isArray(sites) ? sites.flatMap((site) => (typeof site === 'string' ? [pageOrigin(site)].filter((s): s is string => s !== null) : [])).slice(0, 10) : [];

/**
 * The options' connection test and a new mailing's «Ответственный». The test goes to the address and
 * token as typed and saves nothing; the responsible is the CRM's signed-in user of the page the
 * mailings are opened from (remembered from its card reads), the token's user otherwise.
 */
export function createSettingsHandlers(deps: {
  relay: RelayClient;
  crmUsers?: CrmUsers;
  relayFor?: (target: RelayTarget) => Pick<RelayClient, 'checkConnection'>;
}): Handlers & { noteCrmUser(snapshot: ContactSnapshot, sender?: Sender): Promise<void> } {
  const crmUsers = deps.crmUsers ?? createCrmUsers(browserCrmUserStore);
  const relayFor = deps.relayFor ?? ((target: RelayTarget) => createRelayClient(async () => target));
  return {
    testConnection: ({ relayUrl, token }) => relayFor(relayTargetOf({ relayUrl: String(relayUrl ?? ''), token: String(token ?? '') })).checkConnection(),
    async defaultResponsible({ sites }, sender) {
      // A frame in a CRM page (the mailings drawer) means that page; the popup names the tabs it may mean.
      const own = pageOrigin(sender?.tab?.url);
      const name = await crmUsers.firstOf([...(own ? [own] : []), ...sitesOf(sites)]).catch(() => null);
      if (name) return { ok: true, value: { name, from: 'crm' } };
      const check = await deps.relay.checkConnection();
      return check.ok ? { ok: true, value: { name: check.value.user.name, from: 'relay' } } : check;
    },
    /** A content script's card read: the CRM user it shows (fields.currentUser) is remembered for its site. */
    async noteCrmUser(snapshot, sender) {
      const origin = pageOrigin(sender?.url);
      const name = snapshot?.fields?.currentUser;
      if (origin && typeof name === 'string') await crmUsers.remember(origin, name).catch(() => undefined);
    },
  };
}
