import { ECHO_ANSWERS, type EchoProtocol } from './echoing-answers';
import { startFakeHttpServer, type FakeReply, type RecordedRequest } from './fake-http-server';
import { echoOf } from './request-echo';

/**
 * How the echoing provider answers every request for now. Besides the protocol's own answers (echoing-answers.ts):
 * `garbage_2xx` and `garbage_4xx` are bodies that are not JSON, `outage_page` is a front end's 5xx page - each
 * with the echo in it.
 */
export type EchoMode = 'accept' | 'refuse' | 'refuse_number' | 'own_outage' | 'garbage_2xx' | 'garbage_4xx' | 'outage_page';

export const FAILING_MODES: EchoMode[] = ['refuse', 'refuse_number', 'own_outage', 'garbage_2xx', 'garbage_4xx', 'outage_page'];

export interface EchoingProvider {
  /** The base URL to configure (SMS Aero's includes `/v2`). */
  url: string;
  requests: RecordedRequest[];
  answerWith(mode: EchoMode): void;
  close(): Promise<void>;
}

const page = (status: number, echo: string): string => `<html><head><title>${status}</title></head><body><h1>${status}</h1><pre>${echo}</pre><hr>nginx</body></html>`;

/** A fake provider (or a proxy in front of it) that puts the whole request it got into every answer. */
export async function startEchoingProvider(protocol: EchoProtocol): Promise<EchoingProvider> {
  const answers = ECHO_ANSWERS[protocol];
  let mode: EchoMode = 'accept';
  const answer = (request: RecordedRequest): FakeReply => {
    const echo = echoOf(request);
    switch (mode) {
      case 'accept':
        return answers.accept(request, echo);
      case 'refuse':
        return answers.refuse(request, echo);
      case 'refuse_number':
        return answers.refuseNumber(request, echo);
      case 'own_outage':
        return answers.ownOutage(request, echo);
      case 'garbage_2xx':
        return { status: 200, body: `Request received:\n${echo}` };
      case 'garbage_4xx':
        return { status: 400, body: page(400, echo), headers: { 'content-type': 'text/html' } };
      case 'outage_page':
        return { status: 502, body: page(502, echo), headers: { 'content-type': 'text/html' } };
    }
  };
  const server = await startFakeHttpServer(answer);
  return {
    url: protocol === 'smsaero' ? `${server.url}/v2` : server.url,
    requests: server.requests,
    answerWith: (next) => void (mode = next),
    close: () => server.close(),
  };
}
