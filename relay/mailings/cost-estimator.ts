import { priceClassOf } from '../../shared/phones';
import type { OutgoingSms, SmsProvider } from '../providers/types';
import type { FrozenRecipient } from '../store/mailing-storage';

const COST_CONCURRENCY = 8;

interface PriceClass {
  /** One real rendered text and number of the class, to price. */
  sample: OutgoingSms;
  recipients: number;
}

/**
 * The provider's cost estimate of a mailing, asked once per distinct (part count, price class) — not
 * per recipient: a message's price is its destination's per-part price times its parts, so one real
 * rendered text of each class, priced, times the class's recipients is what pricing every personal text
 * would give. 100k recipients are some hundreds of samples, a few requests, where a request per 100
 * recipients made 1,000 (each a round trip to the provider over the internet).
 */
export function costEstimator(provider: Pick<SmsProvider, 'cost' | 'capabilities'>) {
  /** By part count, then by price class: within one part count the samples are distinct numbers, so a request never asks one number twice. */
  const byParts = new Map<number, Map<string, PriceClass>>();

  async function priced(samples: PriceClass[]): Promise<{ cost: number; currency: string }> {
    const estimate = await provider.cost!(samples.map((c) => c.sample));
    const costOf = new Map(estimate.perRecipient.map((r) => [r.to, r.cost]));
    return { cost: samples.reduce((sum, c) => sum + (costOf.get(c.sample.to) ?? 0) * c.recipients, 0), currency: estimate.currency };
  }

  return {
    add(recipients: readonly FrozenRecipient[]): void {
      for (const r of recipients) {
        if (r.skip) continue;
        let classes = byParts.get(r.parts);
        if (!classes) byParts.set(r.parts, (classes = new Map()));
        const key = priceClassOf(r.phone!, r.country);
        const known = classes.get(key);
        if (known) known.recipients++;
        else classes.set(key, { sample: { to: r.phone!, text: r.text! }, recipients: 1 });
      }
    },

    /** Asks the provider (a few requests at once); a provider's refusal is thrown as it came. */
    async total(): Promise<{ cost: number; currency: string | null; requests: number }> {
      const size = provider.capabilities.batchSize;
      const requests: PriceClass[][] = [];
      for (const classes of byParts.values()) {
        const list = [...classes.values()];
        for (let k = 0; k < list.length; k += size) requests.push(list.slice(k, k + size));
      }
      let cost = 0;
      let currency: string | null = null;
      for (let k = 0; k < requests.length; k += COST_CONCURRENCY) {
        for (const answer of await Promise.all(requests.slice(k, k + COST_CONCURRENCY).map(priced))) {
          cost += answer.cost;
          currency = answer.currency;
        }
      }
      return { cost: Math.round(cost * 100) / 100, currency, requests: requests.length };
    },
  };
}
