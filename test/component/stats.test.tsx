import { screen, waitFor } from '@testing-library/react';
import { describe, expect, it } from 'vitest';
import { fakeAt, renderPage } from './render-app';

describe('Stats page', () => {
  it('asks for the stats again only when something they show changed', async () => {
    const api = fakeAt();
    await api.enroll();
    await renderPage(api, 'stats');
    await screen.findByText(/No mantras yet/);
    const statsCalls = () => api.calls.filter((c) => c.method === 'getStats').length;
    await waitFor(() => expect(statsCalls()).toBe(1));

    // A pause changes the snapshot, not the log's figures: the theme list (which follows every change) is asked again, the stats are not.
    const themeCalls = () => api.calls.filter((c) => c.method === 'listThemes').length;
    const themesBefore = themeCalls();
    await api.pause({ minutes: 30 });
    await api.resume();
    await waitFor(() => expect(themeCalls()).toBeGreaterThan(themesBefore));
    expect(statsCalls()).toBe(1);

    // A delivery does.
    await api.deliverNow();
    await waitFor(() => expect(statsCalls()).toBe(2));
    await waitFor(() => expect(screen.queryByText(/No mantras yet/)).toBeNull());
  });

  it('says the response-time bins in German units', async () => {
    const api = fakeAt();
    await api.enroll();
    await api.updateSettings({ locale: 'de' });
    await api.deliverNow();
    api.clock.now += 90_000;
    await api.answer({ text: api.state.current?.text ?? '' });
    await renderPage(api, 'stats');
    const chart = await screen.findByRole('img', { name: /^Antwortzeiten:/ });
    expect(chart.getAttribute('aria-label')).toBe('Antwortzeiten: < 1 Min.: 0, 1–2 Min.: 1, 2–5 Min.: 0, 5–15 Min.: 0, 15–60 Min.: 0, 1–3 Std.: 0, ab 3 Std.: 0');
    expect(chart.textContent).toContain('ab 3 Std.');
  });
});
