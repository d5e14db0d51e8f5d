import type { ContactSnapshot, SendMessageRequest } from '../../shared/api';
import { adapterRelayMethods } from './relay-adapters';
import { invokeRelayCall } from './relay-call';
import { mailingRelayMethods } from './relay-mailings';
import { replyRelayMethods } from './relay-replies';
import { createRelayTransport, type RelayTarget, type RelayTransport, type TransportOptions } from './relay-transport';
import { mapResult as map } from './result';

export type { CallOptions, RelayTarget } from './relay-transport';

/** The header that tells the relay's audit log which CRM page a change came from. */
export const CRM_SITE_HEADER = 'x-crm-site';

function relayMethods(transport: RelayTransport) {
  const { json } = transport;
  return {
    ...mailingRelayMethods(transport),
    ...adapterRelayMethods(transport),
    ...replyRelayMethods(transport),
    call: invokeRelayCall(transport),
    provider: () => json((api) => api.provider.$get()),
    checkConnection: () => json((api) => api.provider.check.$post()),
    balance: () => json((api) => api.provider.balance.$get()),
    cost: (request: { to: string; text: string }) => json((api) => api.cost.$post({ json: request })),
    sendMessage: (request: SendMessageRequest) => json((api) => api.messages.$post({ json: request })),
    listMessages: async (crmId: string) => map(await json((api) => api.messages.$get({ query: { contactId: crmId } })), (v) => v.messages),
    upsertContact: async (crmId: string, snapshot: ContactSnapshot) =>
      map(await json((api) => api.contacts[':crmId'].$put({ param: { crmId: encodeURIComponent(crmId) }, json: snapshot })), (v) => ({ changed: v.changed })),
  };
}

export type RelayClient = ReturnType<typeof relayMethods> & {
  /** The same relay for calls made on behalf of a CRM page (its origin in X-CRM-Site); null: this client, naming none. */
  forSite(site: string | null): RelayClient;
};

/**
 * The background's relay: one method per call the background makes itself, each a typed call on the
 * routes (hono's client), and `call` for any other route an extension page names (messaging/relay-api.ts).
 */
export function createRelayClient(target: () => Promise<RelayTarget>, options: TransportOptions = {}): RelayClient {
  const client: RelayClient = {
    ...relayMethods(createRelayTransport(target, options)),
    forSite: (site) => (site === null ? client : createRelayClient(target, { ...options, headers: { ...options.headers, [CRM_SITE_HEADER]: site } })),
  };
  return client;
}
