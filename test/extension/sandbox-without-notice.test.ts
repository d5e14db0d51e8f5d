// @vitest-environment node
// (The relay client's fetch is the browser background's, which CORS does not bind: Node's here, the page in happy-dom.)
import { Window } from 'happy-dom';
import { h, render } from 'preact';
import { afterEach, describe, expect, it } from 'vitest';
import { createRelayClient } from '../../extension/services/relay-client';
import { ServiceChecks } from '../../extension/ui/components/ServiceChecks';
import type { Check } from '../../extension/ui/hooks/useRelayChecks';
import type { BalanceView, CheckView } from '../../shared/api';
import { startTestRelay, type TestRelay } from '../support/relay-harness';

/**
 * What a new user sees on a sandbox started with SANDBOX_WITHOUT=balance: the relay's real answer, through the
 * extension's relay client, shown by «Проверка баланса» as the manual's notice.
 */

let relay: TestRelay | undefined;
let window: Window | undefined;
afterEach(async () => {
  await relay?.dispose();
  await window?.happyDOM.close();
  relay = window = undefined;
});

async function balanceCheckAgainst(env: Record<string, string>, language: 'ru' | 'en'): Promise<string> {
  relay = await startTestRelay({ DEMO_CRM: 'false', ...env });
  const client = createRelayClient(async () => ({ relayUrl: relay!.url, token: relay!.tokens.marketer }));
  const result = await client.balance();
  const balance: Check<BalanceView> = result.ok ? { state: 'done', value: result.value } : { state: 'error', error: result.error };
  const connection: Check<CheckView> = { state: 'idle' };
  window = new Window();
  const root = window.document.createElement('div');
  window.document.body.append(root);
  render(h(ServiceChecks, { language, connection, balance, onCheckConnection: () => {}, onCheckBalance: () => {} }), root as unknown as Element);
  return root.querySelector('[data-crm-sms="balance-result"]')!.textContent ?? '';
}

describe('«Проверка баланса» on a sandbox without a balance report', () => {
  it('shows «Данная функция недоступна у текущего оператора»', async () => {
    expect(await balanceCheckAgainst({ SANDBOX_WITHOUT: 'balance' }, 'ru')).toBe('Данная функция недоступна у текущего оператора');
  });

  it('and in English', async () => {
    expect(await balanceCheckAgainst({ SANDBOX_WITHOUT: 'cost,balance,status' }, 'en')).toBe('This function is not available for the current operator');
  });

  it('a sandbox that reports its balance shows the balance instead (control)', async () => {
    expect(await balanceCheckAgainst({}, 'ru')).toMatch(/^Баланс: 1\s?000/);
  });
});
