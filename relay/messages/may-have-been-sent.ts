import { ProviderRefusedError, type ErrorDetails } from '../domain/errors';
import type { ProviderError } from '../providers/provider-error';

/**
 * A send whose outcome is unknown (the provider may have taken it before the answer was lost): the
 * provider's code and catalogue status, in words that tell the person the SMS may be out already.
 */
export class MayHaveBeenSentError extends ProviderRefusedError {
  override readonly details: ErrorDetails;

  constructor(error: ProviderError) {
    super(error, `${error.message}; the message may have been sent — it is listed with status "unknown"`);
    this.name = 'MayHaveBeenSentError';
    this.details = { messageRu: `${error.messageRu}; сообщение могло уйти — оно в списке со статусом «Неизвестно»` };
  }
}
