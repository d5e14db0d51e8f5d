import { browser } from 'wxt/browser';
import type { Envelope, Protocol, RequestType, Result } from './protocol';
import { createRelayApi } from './relay-api';

/** Asks the background; never throws — a dead background is an error result like any other. */
export async function ask<K extends RequestType>(type: K, payload: Protocol[K]['request']): Promise<Result<Protocol[K]['response']>> {
  try {
    const envelope: Envelope<K> = { crmSms: type, payload };
    const answer = (await browser.runtime.sendMessage(envelope)) as Result<Protocol[K]['response']> | undefined;
    return answer ?? { ok: false, error: { code: 'no_answer', message: 'The extension did not answer', messageRu: 'Расширение не ответило' } };
  } catch (error) {
    return {
      ok: false,
      error: {
        code: 'extension_unavailable',
        message: `The extension is not available (${(error as Error).message}); reload the page`,
        messageRu: 'Расширение недоступно; обновите страницу',
      },
    };
  }
}

/** The relay's routes through the background, typed by them (relay-api.ts): `await relay.mailings.$get()`. */
export const relay = createRelayApi((request) => ask('relayCall', request));

/** Tells the background that replies were read (a conversation opened): the toolbar badge is counted again. */
export const tellRepliesChanged = () => ask('repliesChanged', {});
