import { DomainError } from '../domain/errors';

/** An override or a health report the relay refuses, in words that name the field (a dotted path, as the API's validation errors name fields). */
export class InvalidAdapterInput extends DomainError {
  override name = 'InvalidAdapterInput';

  constructor(
    readonly field: string | undefined,
    message: string,
  ) {
    super('invalid', 'invalid_request', message, field ? { field } : {});
  }

  static at(field: string, problem: string): InvalidAdapterInput {
    return new InvalidAdapterInput(field, `Field "${field}": ${problem}`);
  }
}
