import { useEffect, useState } from 'preact/hooks';

export type Route = { view: 'list' } | { view: 'mailing'; id: string | null } | { view: 'stop-list' };

const parse = (hash: string): Route => {
  if (hash === '#/stop-list') return { view: 'stop-list' };
  const match = /^#\/mailings\/(new|[^/]+)$/.exec(hash);
  if (!match) return { view: 'list' };
  return { view: 'mailing', id: match[1] === 'new' ? null : decodeURIComponent(match[1]!) };
};

const hashOf = (route: Route): string => {
  if (route.view === 'stop-list') return '#/stop-list';
  return route.view === 'list' ? '#/mailings' : `#/mailings/${route.id === null ? 'new' : encodeURIComponent(route.id)}`;
};

/** Where the popup page is (registry, a mailing card or the stop list), kept in the URL hash so a reload or a tab keeps the place. */
export function useRoute() {
  const [route, setRoute] = useState<Route>(() => parse(location.hash));
  useEffect(() => {
    const follow = () => setRoute(parse(location.hash));
    window.addEventListener('hashchange', follow);
    return () => window.removeEventListener('hashchange', follow);
  }, []);
  return {
    route,
    go(next: Route, options: { replace?: boolean } = {}): void {
      const hash = hashOf(next);
      if (options.replace) history.replaceState(null, '', hash);
      else history.pushState(null, '', hash);
      setRoute(next);
    },
  };
}
