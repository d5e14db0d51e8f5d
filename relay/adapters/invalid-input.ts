/** An override or a health report the relay refuses, in words that name the field (a dotted path, as the API's validation errors name fields). */
export class InvalidAdapterInput extends Error {
  override name = 'InvalidAdapterInput';

  constructor(readonly field: string | undefined, message: string) {
    super(message);
  }

  static at(field: string, problem: string): InvalidAdapterInput {
    return new InvalidAdapterInput(field, `Field "${field}": ${problem}`);
  }
}
