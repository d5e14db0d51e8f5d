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
    const promised = { cost: 'cost', balance: 'balance', check: 'check', status: 'statusPoll', parseCallback: 'callbacks' } as const;
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
    ['insufficient_funds', 'insufficient_funds'],
    ['http_500', 'service_unavailable'],
  ] as [FakeFailure, ProviderErrorCode][])(
    'a whole-request failure (%s) after earlier messages went out is reported per message, keeping their ids',
    async ([mode, code], { fake, provider }) => {
      fake.fail(mode, { skip: 1 });
      const outcomes = await provider.send(GOOD.map((to) => ({ to, text: 'one of three' })));
      succeeded(outcomes[0]);
      expect(failed(outcomes[1]).code).toBe(code);
      const notAttempted = failed(outcomes[2]);
      expect(notAttempted.code).toBe(code);
      expect(notAttempted.providerText).toMatch(/^not attempted/);
      expect(fake.requests).toHaveLength(2);
    },
  );

  it.for(['http_500', 'not_json'] as FakeFailure[])(
    'a failing service (%s): service_unavailable, retryable, certainly not acted on, on every request',
    async (mode, { fake, provider }) => {
      fake.fail(mode);
      for (const [name, request] of everyRequest(provider, spec.messageId)) {
        const error = await caught(request());
        expect(error.code, name).toBe('service_unavailable');
        expect(error.errorClass, name).toBe('retryable');
        expect(error.outcomeUnknown, name).toBe(false);
      }
    },
  );

  it('a slow answer: timeout with outcomeUnknown', async ({ fake, make }) => {
    fake.fail('slow', { delayMs: 1500 });
    const error = await caught(make({ timeoutMs: 150 } as Partial<Options>).send([{ to: GOOD[0], text: 'slow' }]));
    expect(error.code).toBe('timeout');
    expect(error.errorClass).toBe('retryable');
    expect(error.outcomeUnknown).toBe(true);
  });
}
