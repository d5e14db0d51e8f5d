import type { BalanceView, CheckView } from '../../../shared/api';
import { ROLE_LABELS, providerName } from '../../../shared/texts';
import { formatMoney } from '../../i18n/format';
import { pickError, translate, type Language } from '../../i18n/texts';
import type { Check } from '../hooks/useRelayChecks';

interface Props {
  language: Language;
  connection: Check<CheckView>;
  balance?: Check<BalanceView>;
  onCheckConnection(): void;
  onCheckBalance?(): void;
  connectionLabel?: string;
}

function connectionText(language: Language, value: CheckView): string {
  return translate(language, 'connectionOk', {
    user: value.user.name,
    role: ROLE_LABELS[value.user.role]?.[language] ?? value.user.role,
    provider: providerName(value.provider.id, language),
    credentials: translate(language, value.provider.credentials === 'ok' ? 'credentialsOk' : 'credentialsNotChecked'),
  });
}

/** «Проверка доступности сервера» and «Проверка баланса» with their answers in words. */
export function ServiceChecks({ language, connection, balance, onCheckConnection, onCheckBalance, connectionLabel }: Props) {
  return (
    <div class="checks">
      <div class="check-row">
        <button type="button" data-crm-sms="check-connection" disabled={connection.state === 'loading'} onClick={onCheckConnection}>
          {connection.state === 'loading' ? translate(language, 'checking') : (connectionLabel ?? translate(language, 'serviceCheck'))}
        </button>
        <output data-crm-sms="connection-result" class={connection.state === 'error' ? 'error' : 'ok'}>
          {connection.state === 'done' && connectionText(language, connection.value)}
          {connection.state === 'error' && pickError(language, connection.error)}
        </output>
      </div>
      {balance && onCheckBalance && (
        <div class="check-row">
          <button type="button" data-crm-sms="check-balance" disabled={balance.state === 'loading'} onClick={onCheckBalance}>
            {translate(language, 'balanceCheck')}
          </button>
          <output data-crm-sms="balance-result" class={balance.state === 'error' ? 'error' : 'ok'}>
            {balance.state === 'done' && translate(language, 'balanceResult', { balance: formatMoney(balance.value.balance, balance.value.currency, language) })}
            {balance.state === 'error' && (balance.error.code === 'not_supported' ? translate(language, 'notSupported') : pickError(language, balance.error))}
          </output>
        </div>
      )}
    </div>
  );
}
