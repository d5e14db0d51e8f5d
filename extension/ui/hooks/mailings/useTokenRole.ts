import { useEffect, useState } from 'preact/hooks';
import { relay } from '../../../messaging/client';

/**
 * The role of the extension's token (GET /api/me): null until the relay has said, or when it could
 * not. It only decides what is offered; the relay decides what is allowed.
 */
export function useTokenRole(): string | null {
  const [role, setRole] = useState<string | null>(null);
  useEffect(() => {
    void relay.me.$get().then((result) => result.ok && setRole(result.value.role));
  }, []);
  return role;
}
