import type { FakeHandler, FakeReply } from './fake-http-server';

/**
 * Lets a fake answer every request with one fixed reply for a while (an outage worded in a particular way),
 * and otherwise hands requests to the fake's own handler.
 */
export function answerOverride(inner: FakeHandler): { handler: FakeHandler; answerAllWith(reply: FakeReply | null): void } {
  let override: FakeReply | null = null;
  return {
    handler: (request) => override ?? inner(request),
    answerAllWith(reply) {
      override = reply;
    },
  };
}

/** How a proxy or load balancer in front of a provider answers when something behind it failed. */
export const frontEndError = (status: number): FakeReply => ({
  status,
  body: `<html><head><title>${status}</title></head><body><center><h1>${status}</h1></center><hr><center>nginx</center></body></html>`,
  headers: { 'content-type': 'text/html' },
});
