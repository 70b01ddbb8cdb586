/** Renders the whole window on a page of the hash route, over a fake engine. */
import { render, screen, waitFor } from '@testing-library/react';
import userEvent from '@testing-library/user-event';
import { expect, vi } from 'vitest';
import { App } from '../../renderer/app';
import { EngineProvider } from '../../renderer/engine-context';
import { createFakeApi, type FakeApi, type FakeOptions } from './fake-api';

/** Monday 5 January 2026, 09:00 UTC. */
export const T0 = Date.UTC(2026, 0, 5, 9, 0);

/** A fake engine at `time`; the page's own clock (Date) reads the same time. */
export function fakeAt(time = T0, options: FakeOptions = {}): FakeApi & { clock: { now: number } } {
  vi.useFakeTimers({ toFake: ['Date'] });
  vi.setSystemTime(time);
  const clock = { now: time };
  const api = createFakeApi({ now: () => clock.now, timeZone: 'UTC', ...options });
  return Object.assign(api, { clock });
}

export async function renderPage(api: FakeApi, page: string) {
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
