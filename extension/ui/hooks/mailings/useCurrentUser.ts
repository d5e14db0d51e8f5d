import { useEffect, useState } from 'preact/hooks';
import { ask } from '../../../messaging/client';

/** The relay's user behind the token (POST /api/provider/check → user.name): a new mailing's «Ответственный». */
export function useCurrentUser(): string | null {
  const [name, setName] = useState<string | null>(null);
  useEffect(() => {
    void ask('checkConnection', {}).then((result) => result.ok && setName(result.value.user.name));
  }, []);
  return name;
}
