import { expect } from 'vitest';
import type { ProviderErrorCode } from '../../shared/provider-errors';
import type { ProviderCapabilities } from '../../shared/providers';
import type { HttpProviderOptions, SmsProvider } from '../../relay/providers/types';
import type { FakeFailure, FakeFailureSwitch } from '../fakes/fake-failures';
import type { RecordedRequest } from '../fakes/fake-http-server';
import type { AdapterTest } from './adapter-test';
import { providerChecks } from './provider-outcomes';

/** What these tests need of a fake provider. */
export interface OneByOneFake extends FakeFailureSwitch {
  requests: RecordedRequest[];
  sent: { phone: string; text: string }[];
  rejectNumber(phone: string): void;
  /** A proxy in front of the provider answers every request with this bare status (null: back to normal). */
  frontEndError(status: number | null): void;
}

/** Where the providers differ in what the shared tests check. */
export interface OneByOneSpec<Fake, Options> {
  id: string;
  name: string;
  capabilities: ProviderCapabilities;
  /** Every credential, right or wrong, that must never show in an error message. */
  secrets: string[];
  /** Options with a wrong credential in them. */
  wrongCredentials: Partial<Options>;
  /** A message id in the adapter's own format, to ask the status of. */
  messageId: string;
  /** How a phone number (digits) reaches the provider. */
  wirePhone(digits: string): string;
  /** The provider's own code (`providerCode`) for each refusal. */
  providerCodes: { authFailed: string; insufficientFunds: string; invalidNumber: string };
  /** Leaves the fake's account with too little money, for fakes that keep one. */
  emptyAccount?(fake: Fake): void;
  /** Makes the fake answer with the 5xx its provider documents as "request not processed", if it has one. */
  notProcessedOutage?(fake: Fake): void;
}

const GOOD = ['79123456789', '79234567890', '4915112345678'] as const;
const BAD = ['79990000000', '79990000001'] as const;

/** Every request an adapter can make, by name. */
function everyRequest(provider: SmsProvider, messageId: string): [string, () => Promise<unknown>][] {
  const message = { to: GOOD[0], text: 'x' };
  const requests: [string, (() => Promise<unknown>) | false][] = [
    ['send', () => provider.send([message])],
    ['cost', !!provider.cost && (() => provider.cost!([message]))],
    ['balance', !!provider.balance && (() => provider.balance!())],
    ['check', !!provider.check && (() => provider.check!())],
    ['status', !!provider.status && (() => provider.status!([messageId]))],
  ];
  return requests.filter((entry): entry is [string, () => Promise<unknown>] => entry[1] !== false);
}

/** What the adapters that send one message per request (SMSC, SMS Aero, Twilio) all do the same way. */
export function oneByOneAdapterTests<Fake extends OneByOneFake, Options extends HttpProviderOptions>(
  it: AdapterTest<Fake, Options>,
  spec: OneByOneSpec<Fake, Options>,
): void {
  const { caught, failed, succeeded } = providerChecks(spec.secrets);

  it('declares what it can do, and has exactly the methods its capabilities promise', ({ provider }) => {
    expect(provider.id).toBe(spec.id);
    expect(provider.name).toBe(spec.name);
    expect(provider.capabilities).toEqual(spec.capabilities);
    const promised = {
      cost: 'cost',
      balance: 'balance',
      check: 'check',
      status: 'statusPoll',
      parseCallback: 'callbacks',
      lookup: 'lookup',
      parseInbound: 'replies',
    } as const;
    for (const [method, capability] of Object.entries(promised)) {
      expect(typeof provider[method as keyof typeof promised], method).toBe(spec.capabilities[capability] ? 'function' : 'undefined');
    }
  });

  it('sends several messages one request each, outcomes in order', async ({ fake, provider }) => {
    const texts = ['Hello from the CRM', 'Длинное сообщение '.repeat(5), 'Здравствуйте, Анна! Заказ №15 готов 🎉'];
    const outcomes = await provider.send(GOOD.map((to, index) => ({ to, text: texts[index]! })));
    expect(outcomes.map((o) => o.to)).toEqual(GOOD);
    expect(new Set(outcomes.map((o) => succeeded(o).providerMessageId)).size).toBe(3);
    expect(fake.requests).toHaveLength(3);
    expect(fake.sent.map((s) => [s.phone, s.text])).toEqual(GOOD.map((to, index) => [spec.wirePhone(to), texts[index]]));
  });

  it('wrong credentials: auth_failed, class stop, on every request; no secret in the message', async ({ fake, make }) => {
    const provider = make(spec.wrongCredentials);
    for (const [name, request] of everyRequest(provider, spec.messageId)) {
      const error = await caught(request());
      expect(error.code, name).toBe('auth_failed');
      expect(error.errorClass, name).toBe('stop');
      expect(error.providerCode, name).toBe(spec.providerCodes.authFailed);
    }
    expect(fake.sent).toHaveLength(0);
  });

  it('insufficient funds: insufficient_funds thrown (stop)', async ({ fake, provider }) => {
    fake.fail('insufficient_funds');
    const error = await caught(provider.send([{ to: GOOD[0], text: 'no money' }]));
    expect(error.code).toBe('insufficient_funds');
    expect(error.errorClass).toBe('stop');
    expect(error.providerCode).toBe(spec.providerCodes.insufficientFunds);
  });

  if (spec.emptyAccount) {
    const emptyAccount = spec.emptyAccount;
    it('an account with too little money: insufficient_funds thrown', async ({ fake, provider }) => {
      emptyAccount(fake);
      expect((await caught(provider.send([{ to: GOOD[0], text: 'still no money' }]))).code).toBe('insufficient_funds');
      expect(fake.sent).toHaveLength(0);
    });
  }

  it('a bad number fails that recipient only (invalid_number, permanent), first or later in the call', async ({ fake, provider }) => {
    BAD.forEach((phone) => fake.rejectNumber(phone));
    const outcomes = await provider.send([BAD[0], GOOD[0], BAD[1], GOOD[1]].map((to) => ({ to, text: `to ${to}` })));
    for (const outcome of [outcomes[0], outcomes[2]]) {
      const error = failed(outcome);
      expect(error.code).toBe('invalid_number');
      expect(error.errorClass).toBe('permanent');
      expect(error.providerCode).toBe(spec.providerCodes.invalidNumber);
    }
    succeeded(outcomes[1]);
    succeeded(outcomes[3]);
    expect(fake.sent.map((s) => s.phone)).toEqual([GOOD[0], GOOD[1]].map(spec.wirePhone));
  });

  it.for([
    ['insufficient_funds', 'insufficient_funds', false],
    ['http_500', 'service_unavailable', true],
  ] as [FakeFailure, ProviderErrorCode, boolean][])(
    'a whole-request failure (%s) after earlier messages went out is reported per message, keeping their ids',
    async ([mode, code, outcomeUnknown], { fake, provider }) => {
      fake.fail(mode, { skip: 1 });
      const outcomes = await provider.send(GOOD.map((to) => ({ to, text: 'one of three' })));
      succeeded(outcomes[0]);
      expect(failed(outcomes[1])).toMatchObject({ code, outcomeUnknown });
      const notAttempted = failed(outcomes[2]);
      expect(notAttempted).toMatchObject({ code, outcomeUnknown: false });
      expect(notAttempted.providerText).toMatch(/^not attempted/);
      expect(fake.requests).toHaveLength(2);
    },
  );

  const ambiguous: [string, (fake: Fake) => void][] = [
    ['an HTTP 500', (fake) => fake.fail('http_500')],
    ['a 200 that is not JSON', (fake) => fake.fail('not_json')],
    ...[502, 503, 504].map((status): [string, (fake: Fake) => void] => [`a bare ${status} from a proxy`, (fake) => fake.frontEndError(status)]),
  ];

  it.for(ambiguous)('a send answered with %s: unknown outcome (retryable, never retried by itself), kept per message', async ([, arrange], { fake, provider }) => {
    arrange(fake);
    const [outcome, ...rest] = await provider.send([{ to: GOOD[0], text: 'maybe sent' }]);
    expect(rest).toHaveLength(0);
    expect(failed(outcome)).toMatchObject({ code: 'service_unavailable', errorClass: 'retryable', outcomeUnknown: true });
  });

  it.for(ambiguous)('any other request answered with %s: service_unavailable, retryable', async ([, arrange], { fake, provider }) => {
    arrange(fake);
    for (const [name, request] of everyRequest(provider, spec.messageId).filter(([name]) => name !== 'send')) {
      const error = await caught(request());
      expect(error.code, name).toBe('service_unavailable');
      expect(error.errorClass, name).toBe('retryable');
    }
  });

  if (spec.notProcessedOutage) {
    const notProcessedOutage = spec.notProcessedOutage;
    it('the 5xx the provider documents as "not processed": service_unavailable, retryable, certainly not acted on', async ({ fake, provider }) => {
      notProcessedOutage(fake);
      const error = await caught(provider.send([{ to: GOOD[0], text: 'refused' }]));
      expect(error).toMatchObject({ code: 'service_unavailable', errorClass: 'retryable', outcomeUnknown: false });
    });
  }

  it('lookup: when the provider fails, that query and the later ones are unknown, asked once', async ({ fake, provider }) => {
    const now = Date.now();
    const queries = GOOD.map((to, index) => ({ to, text: 'was it sent?', ref: `mlg_0a1b2c3d4e5f-${index}`, sentAfter: now - 600_000, sentBefore: now - 590_000 }));
    fake.fail('http_500');
    expect(await provider.lookup!(queries)).toEqual(GOOD.map((to) => ({ to, found: 'unknown' })));
    expect(fake.requests).toHaveLength(1);
  });

  it('a slow answer: timeout, its outcome unknown, kept per message', async ({ fake, make }) => {
    fake.fail('slow', { delayMs: 1500 });
    const [outcome] = await make({ timeoutMs: 150 } as Partial<Options>).send([{ to: GOOD[0], text: 'slow' }]);
    expect(failed(outcome)).toMatchObject({ code: 'timeout', errorClass: 'retryable', outcomeUnknown: true });
  });
}
