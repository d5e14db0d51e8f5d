import { useEffect, useState } from 'preact/hooks';
import { ask } from '../../../messaging/client';

/**
 * The role of the extension's token («Проверить подключение» answers it): null until the relay has
 * said, or when it could not. It only decides what is offered; the relay decides what is allowed.
 */
export function useTokenRole(): string | null {
  const [role, setRole] = useState<string | null>(null);
  useEffect(() => {
    void ask('checkConnection', {}).then((result) => result.ok && setRole(result.value.user.role));
  }, []);
  return role;
}
