import type { MailingView } from '../../shared/mailings';
import { expectStatus } from './answers';
import type { TestRelay } from './relay-harness';

/** Mobile number of test recipient i, as the provider gets it. */
export const recipientPhone = (i: number): string => `7913${String(i).padStart(7, '0')}`;

/** Stores `count` contacts with distinct mobiles, then creates and launches an instant mailing to all of them. */
export async function launchMailingTo(relay: TestRelay, count: number, text = 'Привет, {{contact.firstName}}!'): Promise<string> {
  const contacts = Array.from({ length: count }, (_, i) => ({
    crmId: `faults:${i}`,
    snapshot: { name: `Клиент ${i}`, firstName: `Имя${i}`, phones: [{ number: `+${recipientPhone(i)}`, type: 'mobile' as const }] },
  }));
  await expectStatus(relay.call('POST', '/api/contacts/bulk', { role: 'marketer', body: { contacts } }), 200);
  const mailing = await expectStatus(relay.call('POST', '/api/mailings', { role: 'marketer', body: { name: 'Сбои', launchType: 'instant', text } }), 201);
  await expectStatus(relay.call('PUT', `/api/mailings/${mailing.id}/audience`, { role: 'marketer', body: { contacts: contacts.map((c) => c.crmId), groups: [] } }), 200);
  // Some of these mailings are meant to run out of money: the launch is confirmed over the balance.
  await expectStatus(relay.call('POST', `/api/mailings/${mailing.id}/launch`, { role: 'marketer', body: { confirmOverBalance: true } }), 200);
  return mailing.id as string;
}

/** Polls the mailing until it is in one of `statuses` with no recipient in flight; fails after `timeoutMs`. */
export async function waitUntilSettled(relay: TestRelay, id: string, statuses: string[], timeoutMs = 10_000): Promise<MailingView> {
  const until = Date.now() + timeoutMs;
  for (;;) {
    const view = (await expectStatus(relay.call('GET', `/api/mailings/${id}`, { role: 'marketer' }), 200)) as MailingView;
    if (statuses.includes(view.status) && view.counters.sending === 0) return view;
    if (Date.now() > until)
      throw new Error(`mailing ${id} is ${view.status} (${JSON.stringify(view.statusReason)}; ${JSON.stringify(view.counters)}), not ${statuses.join('/')}`);
    await new Promise((resolve) => setTimeout(resolve, 20));
  }
}

/** The phones of a mailing's recipients in one state, all pages. */
export async function phonesInState(relay: TestRelay, id: string, state: string): Promise<string[]> {
  const phones: string[] = [];
  for (let offset = 0; ; offset += 1000) {
    const page = await expectStatus(relay.call('GET', `/api/mailings/${id}/recipients?status=${state}&offset=${offset}&limit=1000`, { role: 'marketer' }), 200);
    phones.push(...(page.recipients as { phone: string }[]).map((r) => r.phone));
    if (offset + 1000 >= page.total) return phones;
  }
}

/** Each value that occurs more than once, once. */
export const repeated = (values: string[]): string[] => {
  const seen = new Set<string>();
  const twice = new Set<string>();
  for (const value of values) (seen.has(value) ? twice : seen).add(value);
  return [...twice];
};
