import { CONTENT_SCRIPT_REQUESTS, type RequestType } from '../messaging/protocol';

/**
 * Whether a sender may make a request: the extension's own pages (their address starts with
 * `extensionBase`, e.g. chrome-extension://<id>/) may ask anything; a content script (its sender
 * address is the CRM page's) only what CONTENT_SCRIPT_REQUESTS lists — never a send or a spend.
 */
export function mayAsk(type: RequestType, senderUrl: string | undefined, extensionBase: string): boolean {
  return (senderUrl !== undefined && extensionBase.endsWith('/') && senderUrl.startsWith(extensionBase)) || CONTENT_SCRIPT_REQUESTS.has(type);
}
