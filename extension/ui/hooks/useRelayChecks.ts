import { useState } from 'preact/hooks';
import type { BalanceView, CheckView } from '../../../shared/api';
import { ask } from '../../messaging/client';
import type { UiError } from '../../messaging/protocol';

type Check<T> = { state: 'idle' | 'loading' } | { state: 'done'; value: T } | { state: 'error'; error: UiError };

/** "Проверка доступности сервера" («Проверить подключение» in the options) and "Проверка баланса": each asks the relay through the background. */
export function useRelayChecks() {
  const [connection, setConnection] = useState<Check<CheckView>>({ state: 'idle' });
  const [balance, setBalance] = useState<Check<BalanceView>>({ state: 'idle' });
  return {
    connection,
    balance,
    /** With the saved settings. */
    async checkConnection() {
      setConnection({ state: 'loading' });
      const result = await ask('checkConnection', {});
      setConnection(result.ok ? { state: 'done', value: result.value } : { state: 'error', error: result.error });
    },
    /** With an address and token as typed in the options, saving nothing. */
    async testConnection(target: { relayUrl: string; token: string }) {
      setConnection({ state: 'loading' });
      const result = await ask('testConnection', target);
      setConnection(result.ok ? { state: 'done', value: result.value } : { state: 'error', error: result.error });
    },
    async checkBalance() {
      setBalance({ state: 'loading' });
      const result = await ask('balance', {});
      setBalance(result.ok ? { state: 'done', value: result.value } : { state: 'error', error: result.error });
    },
  };
}

export type { Check };
