import { Hono } from 'hono';
import { costRequestSchema, type CostView } from '../../shared/api';
import type { AuthEnv } from '../auth/auth';
import type { AppDeps } from '../app';
import { jsonBody } from '../http/validation';
import { checkTextFits } from '../messages/check-text';
import { phoneForSending } from '../phone-policy';
import { notSupported } from './not-supported';

/** "Стоимость СМС": the provider's own price for this text to this number. */
export const costRoutes = ({ providers, config }: AppDeps) => {
  const provider = providers.active;
  return new Hono<AuthEnv>().post('/', jsonBody(costRequestSchema), async (c) => {
    const { to, text } = c.req.valid('json');
    const phone = phoneForSending(to, config);
    const segments = checkTextFits(text, provider);
    if (!provider.cost) throw notSupported(`${provider.name} has no cost preview`);
    const estimate = await provider.cost([{ to: phone.digits, text }]);
    return c.json({
      cost: estimate.cost,
      currency: estimate.currency,
      parts: estimate.parts,
      localParts: segments.parts,
      encoding: segments.encoding,
    } satisfies CostView);
  });
};
