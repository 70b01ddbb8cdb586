/** The window: navigation (sidebar, tabs in a narrow window, a menu when very narrow) and the page. */
import { useEffect, useRef, useState, type ReactNode } from 'react';
import { useTranslation } from 'react-i18next';
import { useEngine } from './engine-context';
import { noticeWords } from './error-words';
import { useLocaleSync } from './i18n';
import { PAGES, useRoute, type PageId } from './routes';
import { AnswerPage } from './pages/answer';
import { CurvePage } from './pages/curve';
import { DiscordPage } from './pages/discord';
import { SchedulePage } from './pages/schedule';
import { StatsPage } from './pages/stats';
import { ThemesPage } from './pages/themes';
import { WelcomePage } from './pages/welcome';

const VIEWS: Record<PageId, () => ReactNode> = {
  answer: () => <AnswerPage />,
  schedule: () => <SchedulePage />,
  curve: () => <CurvePage />,
  stats: () => <StatsPage />,
  themes: () => <ThemesPage />,
  discord: () => <DiscordPage />,
  welcome: () => <WelcomePage />,
};

/**
 * Where a window opened without a named page goes: the walk-through until it was done once,
 * then Answer (the host's printed link) or Schedule (`#/start`, the tray app's settings window).
 * A page named in the address is shown as asked.
 */
export function startPage(hash: string, onboarded: boolean): PageId | null {
  const bare = hash === '' || hash === '#' || hash === '#/';
  if (!bare && hash !== '#/start') return null;
  if (!onboarded) return 'welcome';
  return bare ? null : 'schedule';
}

function StatusDot() {
  const { snapshot } = useEngine();
  const { t } = useTranslation();
  const status = snapshot?.status;
  if (!status) return null;
  const label = status.kind === 'pending' ? t('app.statusPending') : status.kind === 'waiting' ? t('app.statusWaiting') : status.kind === 'paused' ? t('app.statusPaused') : t('app.statusOff');
  return (
    <span className={`status-dot status-${status.kind}`} title={t('app.delivery', { label })}>
      <span aria-hidden="true">●</span> <span className="status-words">{label}</span>
    </span>
  );
}

/**
 * What the engine needs the user to know: a write that keeps failing (until it works again)
 * and settings a damaged file made reset (until dismissed). The text comes from the engine.
 */
function Notices() {
  const { snapshot } = useEngine();
  const { t } = useTranslation();
  const [dismissed, setDismissed] = useState<readonly string[]>([]);
  const shown = (snapshot?.notices ?? []).filter((n) => n.kind === 'write-failed' || !dismissed.includes(n.id));
  if (shown.length === 0) return null;
  return (
    <div className="notices">
      {shown.map((n) => (
        <div key={n.id} className={`notice ${n.kind === 'write-failed' ? 'notice-error' : 'notice-warn'}`} role={n.kind === 'write-failed' ? 'alert' : 'status'}>
          <p>{noticeWords(n, snapshot?.timeZone ?? 'UTC', snapshot?.now ?? 0)}</p>
          {n.kind !== 'write-failed' && (
            <button type="button" onClick={() => setDismissed((d) => [...d, n.id])}>
              {t('app.noticeDismiss')}
            </button>
          )}
        </div>
      ))}
    </div>
  );
}

export function App() {
  const page = useRoute();
  const { snapshot } = useEngine();
  const { t } = useTranslation();
  useLocaleSync(snapshot?.settings.locale, snapshot?.settings.hourCycle);
  const routed = useRef(false);
  // The address the window was opened with: no page named means a plain first open.
  const openedWith = useRef(window.location.hash).current;
  useEffect(() => {
    if (!snapshot || routed.current) return;
    routed.current = true;
    const start = startPage(openedWith, snapshot.settings.onboarded);
    if (start) window.location.hash = `#/${start}`;
  }, [snapshot, openedWith]);
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
        <Notices />
        {VIEWS[page]()}
      </main>
    </div>
  );
}
