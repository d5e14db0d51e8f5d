import { useCallback, useEffect, useRef, useState } from 'preact/hooks';
import type { StopListPage } from '../../../../shared/stop-list';
import { relay } from '../../../messaging/client';
import type { UiError } from '../../../messaging/protocol';

const STOP_LIST_PAGE_SIZE = 50;

/** What the search field holds, as the relay searches: the digits of the number («+7 912» finds 7912…). */
const searchDigits = (typed: string): string => typed.replace(/\D/g, '');

/**
 * The «Стоп-лист» page's list: newest first, a page at a time, searched by the digits typed (asked a
 * moment after the typing stops). `reload` shows the first page again, after an addition or a removal.
 */
export function useStopList(pageSize = STOP_LIST_PAGE_SIZE, searchDelayMs = 250) {
  const [search, setSearch] = useState('');
  const [q, setQ] = useState('');
  const [offset, setOffset] = useState(0);
  const [page, setPage] = useState<StopListPage | null>(null);
  const [error, setError] = useState<UiError | null>(null);

  // Typing and paging ask again before an answer is in: only the latest answer is shown.
  const asked = useRef(0);
  const load = useCallback(async () => {
    const mine = ++asked.current;
    const result = await relay['stop-list'].$get({ query: { q: q || undefined, offset: String(offset), limit: String(pageSize) } });
    if (mine !== asked.current) return;
    if (!result.ok) return setError(result.error);
    setError(null);
    setPage(result.value);
  }, [q, offset, pageSize]);

  useEffect(() => void load(), [load]);

  useEffect(() => {
    const digits = searchDigits(search);
    if (digits === q) return;
    const timer = setTimeout(() => {
      setQ(digits);
      setOffset(0);
    }, searchDelayMs);
    return () => clearTimeout(timer);
  }, [search, q, searchDelayMs]);

  return {
    search,
    offset,
    page,
    error,
    pageSize,
    onSearch: setSearch,
    previous: () => setOffset((at) => Math.max(0, at - pageSize)),
    next: () => setOffset((at) => (page && at + pageSize < page.total ? at + pageSize : at)),
    /** The first page again (the newest entries): after an addition or a removal. */
    async reload(): Promise<void> {
      if (offset !== 0) return setOffset(0);
      await load();
    },
  };
}
