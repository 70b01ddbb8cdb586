/** Hash routes (`#/answer`): they survive a reload and work from a file:// load in Electron. */
import { useEffect, useState } from 'react';

export const PAGES = [
  { id: 'answer', title: 'Answer' },
  { id: 'schedule', title: 'Schedule' },
  { id: 'curve', title: 'Curve' },
  { id: 'stats', title: 'Stats' },
  { id: 'themes', title: 'Themes' },
  { id: 'discord', title: 'Discord' },
] as const;

export type PageId = (typeof PAGES)[number]['id'];

export function pageOf(hash: string): PageId {
  const id = hash.replace(/^#\/?/, '').split(/[/?]/)[0];
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
