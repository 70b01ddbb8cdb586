/** The window: navigation (sidebar, tabs in a narrow window, a menu when very narrow) and the page. */
import { useEffect, useRef, useState, type ReactNode } from 'react';
import { useTranslation } from 'react-i18next';
import { useEngine } from './engine-context';
import { useLocaleSync } from './i18n';
import { PAGES, useRoute, type PageId } from './routes';
import { AnswerPage } from './pages/answer';
import { CurvePage } from './pages/curve';
import { DiscordPage } from './pages/discord';
import { SchedulePage } from './pages/schedule';
import { StatsPage } from './pages/stats';
import { ThemesPage } from './pages/themes';

const VIEWS: Record<PageId, () => ReactNode> = {
  answer: () => <AnswerPage />,
  schedule: () => <SchedulePage />,
  curve: () => <CurvePage />,
  stats: () => <StatsPage />,
  themes: () => <ThemesPage />,
  discord: () => <DiscordPage />,
};

function StatusDot() {
  const { snapshot } = useEngine();
  const { t } = useTranslation();
  const status = snapshot?.status;
  if (!status) return null;
  const label =
    status.kind === 'pending'
      ? t('app.statusPending')
      : status.kind === 'waiting'
        ? t('app.statusWaiting')
        : status.kind === 'paused'
          ? t('app.statusPaused')
          : t('app.statusOff');
  return (
    <span className={`status-dot status-${status.kind}`} title={t('app.delivery', { label })}>
      <span aria-hidden="true">●</span> <span className="status-words">{label}</span>
    </span>
  );
}

export function App() {
  const page = useRoute();
  const { snapshot } = useEngine();
  const { t } = useTranslation();
  useLocaleSync(snapshot?.settings.locale, snapshot?.settings.hourCycle);
  const [menuOpen, setMenuOpen] = useState(false);
  const main = useRef<HTMLElement>(null);
  const first = useRef(true);
  const title = t(`pages.${page}`);

  useEffect(() => {
    document.title = t('app.titleSuffix', { title });
  }, [t, title]);

  useEffect(() => {
    setMenuOpen(false);
    // Keyboard and screen-reader users land on the new page's heading (not on first load).
    if (first.current) {
      first.current = false;
      return;
    }
    if (page !== 'answer') main.current?.querySelector<HTMLElement>('h1')?.focus();
  }, [page]);

  return (
    <div className="app">
      <a className="skip-link" href="#main" onClick={(e) => (e.preventDefault(), main.current?.querySelector<HTMLElement>('h1')?.focus())}>
        {t('app.skip')}
      </a>
      <header className="topbar">
        <span className="brand">Mantra</span>
        <StatusDot />
        <button type="button" className="menu-button" aria-expanded={menuOpen} aria-controls="nav" onClick={() => setMenuOpen((o) => !o)}>
          {menuOpen ? t('app.closeMenu') : t('app.menu')}
        </button>
      </header>
      <nav id="nav" className={menuOpen ? 'nav open' : 'nav'} aria-label={t('app.pages')}>
        <ul>
          {PAGES.map((p) => (
            <li key={p.id}>
              <a href={`#/${p.id}`} aria-current={p.id === page ? 'page' : undefined} onClick={() => setMenuOpen(false)}>
                {t(`pages.${p.id}`)}
              </a>
            </li>
          ))}
        </ul>
      </nav>
      <main id="main" ref={main} className={`page page-${page}`}>
        {VIEWS[page]()}
      </main>
    </div>
  );
}
