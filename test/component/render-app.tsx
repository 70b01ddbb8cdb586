/** Renders the whole window on a page of the hash route, over the real engine (test/component/engine-api.ts). */
import { render, screen, waitFor } from '@testing-library/react';
import userEvent from '@testing-library/user-event';
import { expect, vi } from 'vitest';
import type { MantraApi } from '../../shared/api.js';
import { App } from '../../renderer/app';
import { EngineProvider } from '../../renderer/engine-context';
import { createTestApi, type TestApi, type TestApiOptions } from './engine-api';

/** Monday 5 January 2026, 09:00 UTC. */
export const T0 = Date.UTC(2026, 0, 5, 9, 0);

/** The real engine over a memory store at `time` on a manual clock; the page's own clock (Date) reads the same time. */
export function fakeAt(time = T0, options: Omit<TestApiOptions, 'now'> = {}): TestApi {
  vi.useFakeTimers({ toFake: ['Date'] });
  vi.setSystemTime(time);
  return createTestApi({ now: time, timeZone: 'UTC', ...options });
}

export async function renderPage(api: MantraApi, page: string) {
  window.location.hash = `#/${page}`;
  const user = userEvent.setup();
  const view = render(
    <EngineProvider api={api}>
      <App />
    </EngineProvider>,
  );
  await screen.findByRole('heading', { level: 1 });
  await waitFor(() => expect(screen.queryByText(/Loading Mantra's state/)).toBeNull());
  return { user, ...view };
}
