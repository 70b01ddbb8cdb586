/** Hash routes (`#/answer`): they survive a reload and work from a file:// load in Electron. */
import { useEffect, useState } from 'react';

/** The pages in the navigation, in order; each one's title is `pages.<id>` in the catalogs. */
export const PAGES = [{ id: 'answer' }, { id: 'schedule' }, { id: 'curve' }, { id: 'stats' }, { id: 'themes' }, { id: 'discord' }] as const;

/** A page in the navigation, or the first-run walk-through (not in the navigation). */
export type PageId = (typeof PAGES)[number]['id'] | 'welcome';

export function pageOf(hash: string): PageId {
  const id = hash.replace(/^#\/?/, '').split(/[/?]/)[0];
  if (id === 'welcome') return 'welcome';
  return PAGES.find((p) => p.id === id)?.id ?? 'answer';
}

export function useRoute(): PageId {
  const [page, setPage] = useState<PageId>(() => pageOf(window.location.hash));
  useEffect(() => {
    const onChange = () => setPage(pageOf(window.location.hash));
    window.addEventListener('hashchange', onChange);
    return () => window.removeEventListener('hashchange', onChange);
  }, []);
  return page;
}
