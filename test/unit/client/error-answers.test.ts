import { describe, expect, it } from 'vitest';
import { ApiError } from '../../../relay/http/api-error';
import { conflict, DomainError, ProviderRefusedError } from '../../../relay/domain/errors';
import { knownErrorAnswer } from '../../../relay/http/on-error';
import { MayHaveBeenSentError } from '../../../relay/messages/may-have-been-sent';
import { ProviderError } from '../../../relay/providers/provider-error';
import { notSupported } from '../../../relay/routes/not-supported';
import { InvalidAdapterInput } from '../../../relay/adapters/invalid-input';
import { TooManyOverridesError } from '../../../relay/adapters/overrides-service';

/**
 * What the typed client reads when the relay refuses: each error the relay knows has one answer, made in
 * one place (relay/http/on-error.ts) — a provider's with its catalogue status, whoever lets it through.
 */
describe("the relay's error answers", () => {
  it('a provider refusal: its catalogue status, code and both languages, raw or wrapped alike', () => {
    const refusal = new ProviderError('insufficient_funds', { providerCode: '201', providerText: 'no money' });
    const expected = {
      status: 402,
      body: { error: { code: 'insufficient_funds', message: refusal.message, messageRu: 'Недостаточно средств на счёте у оператора', providerCode: '201' } },
    };
    expect(knownErrorAnswer(refusal)).toEqual(expected);
    expect(knownErrorAnswer(new ProviderRefusedError(refusal))).toEqual(expected);
  });

  it("a send of unknown outcome: the provider's status, words saying the SMS may be out, no provider code", () => {
    const timeout = new ProviderError('timeout', { outcomeUnknown: true, providerCode: 'x' });
    const answer = knownErrorAnswer(new MayHaveBeenSentError(timeout));
    expect(answer).toEqual({
      status: 504,
      body: {
        error: {
          code: 'timeout',
          message: `${timeout.message}; the message may have been sent — it is listed with status "unknown"`,
          messageRu: `${timeout.messageRu}; сообщение могло уйти — оно в списке со статусом «Неизвестно»`,
        },
      },
    });
  });

  it.each([
    [notSupported('SMS.ru has no cost preview'), 501, 'not_supported'],
    [conflict('in_use', 'The group is in use'), 409, 'in_use'],
    [new DomainError('unavailable', 'storage_unwritable', 'Disk full'), 503, 'storage_unwritable'],
    [InvalidAdapterInput.at('site', 'must be an origin'), 400, 'invalid_request'],
    [new TooManyOverridesError(), 409, 'too_many_overrides'],
    [new ApiError(401, 'unauthorized', 'No token'), 401, 'unauthorized'],
  ])('%s → %i %s', (error, status, code) => {
    expect(knownErrorAnswer(error)).toMatchObject({ status, body: { error: { code } } });
  });

  it('the field of an adapter refusal goes with it; a fault is not "known"', () => {
    expect(knownErrorAnswer(InvalidAdapterInput.at('site', 'must be an origin'))?.body).toEqual({
      error: { code: 'invalid_request', message: 'Field "site": must be an origin', field: 'site' },
    });
    expect(knownErrorAnswer(new TypeError('a bug'))).toBeUndefined();
  });
});
