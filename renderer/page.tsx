/** A page's frame: its heading (focus target on navigation) and the gate that waits for the snapshot. */
import type { ReactNode } from 'react';
import type { Snapshot } from '../shared/api.js';
import { useTranslation } from 'react-i18next';
import { useEngine } from './engine-context';
import { ErrorNotice, Loading } from './status';

export function Page({ title, intro, children }: { title: string; intro?: ReactNode; children: ReactNode }) {
  return (
    <>
      <h1 tabIndex={-1}>{title}</h1>
      {intro && <p className="hint">{intro}</p>}
      {children}
    </>
  );
}

/** Renders `children` with the snapshot once there is one; loading and error states before. */
export function WithSnapshot({ children }: { children: (snapshot: Snapshot) => ReactNode }) {
  const { snapshot, error, reload } = useEngine();
  const { t } = useTranslation();
  if (snapshot) {
    return (
      <>
        {error ? <ErrorNotice error={error} onRetry={reload} /> : null}
        {children(snapshot)}
      </>
    );
  }
  if (error) return <ErrorNotice error={error} onRetry={reload} />;
  return <Loading what={t('status.loadingState')} />;
}
