import { screen, waitFor } from '@testing-library/react';
import { describe, expect, it } from 'vitest';
import { ENCOUNTER } from '../../shared/constants.js';
import { i18n } from '../../renderer/i18n';
import { fakeAt, renderPage } from './render-app';

async function pending() {
  const api = fakeAt();
  await api.enroll();
  await api.deliverNow();
  const text = api.state.current?.text ?? '';
  api.calls.length = 0;
  return { api, text };
}

describe('Answer page', () => {
  it('focuses the field, gives live feedback, and submits with Enter', async () => {
    const { api, text } = await pending();
    api.clock.now += 90_000;
    const { user } = await renderPage(api, 'answer');
    expect(screen.getByText(text)).toBeTruthy();
    const field = screen.getByRole('textbox', { name: 'Type it back' });
    expect(document.activeElement).toBe(field);
    await user.type(field, text.slice(0, 4));
    expect(screen.getByText(/Keep typing\./)).toBeTruthy();
    await user.clear(field);
    await user.type(field, text.toUpperCase());
    expect(screen.getByText(/That matches\. Press Enter/)).toBeTruthy();
    await user.keyboard('{Enter}');
    expect(await screen.findByRole('heading', { name: '✓ Answered' })).toBeTruthy();
    expect(api.calls.find((c) => c.method === 'answer')?.input).toEqual({ text: text.toUpperCase() });
    const figures = screen.getByText('Points').closest('dl')!;
    expect(figures.textContent).toMatch(/Points\+\d+Streak1Response time2 min/);
    expect(screen.getByText(/Nothing is waiting for you/)).toBeTruthy();
  });

  it('says a wrong answer is not quite right and keeps the mantra', async () => {
    const { api, text } = await pending();
    const { user } = await renderPage(api, 'answer');
    await user.type(screen.getByRole('textbox', { name: 'Type it back' }), 'something else entirely{Enter}');
    expect(await screen.findByText(/Not quite: \d+ % alike/)).toBeTruthy();
    expect(screen.getByText(text)).toBeTruthy();
    expect(api.state.sent).not.toBeNull();
  });

  it('asks for text instead of sending an empty answer', async () => {
    const { api } = await pending();
    const { user } = await renderPage(api, 'answer');
    await user.keyboard('{Enter}');
    expect(await screen.findByText('Type the mantra first.')).toBeTruthy();
    expect(api.calls.some((c) => c.method === 'answer')).toBe(false);
  });

  it('clears the old "not quite" verdict when an emptied field is sent (German)', async () => {
    const { api } = await pending();
    await api.updateSettings({ locale: 'de' });
    try {
      const { user } = await renderPage(api, 'answer');
      const field = screen.getByRole('textbox', { name: 'Tippe es ab' });
      await user.type(field, 'etwas ganz anderes{Enter}');
      expect(await screen.findByText(/Nicht ganz: \d+\s%\sgleich/)).toBeTruthy();
      await user.clear(field);
      await user.keyboard('{Enter}');
      expect(await screen.findByText('Tippe zuerst das Mantra.')).toBeTruthy();
      expect(screen.queryByText(/Nicht ganz/)).toBeNull();
      expect(field.getAttribute('aria-describedby')).not.toMatch(/-miss/);
    } finally {
      await i18n.changeLanguage('en');
    }
  });

  it('toggles the favorite of the waiting mantra', async () => {
    const { api } = await pending();
    const { user } = await renderPage(api, 'answer');
    await user.click(screen.getByRole('button', { name: /mark as favorite/i }));
    const on = await screen.findByRole('button', { name: /★ Favorite/ });
    expect(on.getAttribute('aria-pressed')).toBe('true');
    expect(api.settings.favorites).toEqual([api.state.current?.template]);
  });

  it('shows when the next mantra comes and delivers one now', async () => {
    const api = fakeAt();
    await api.enroll();
    const { user } = await renderPage(api, 'answer');
    expect(screen.getByText(/The next mantra comes/).textContent).toMatch(/today at 09:00.*in 30 s|today at 09:00 \(now\)/);
    await user.click(screen.getByRole('button', { name: 'Deliver now' }));
    expect(await screen.findByRole('textbox', { name: 'Type it back' })).toBeTruthy();
  });

  it('offers to pause or turn off after 3 misses, and explains the 8-miss switch-off', async () => {
    const api = fakeAt();
    await api.enroll();
    // The first delivery, then a deadline passed unanswered, three times.
    const misses = (n: number) => {
      for (let i = 0; i < n; i++) api.manual.advanceTo(api.manual.pending()[0]!);
    };
    misses(1 + ENCOUNTER.offerDisableAfter);
    expect(api.state.consecutiveFailures).toBe(ENCOUNTER.offerDisableAfter);
    const { user } = await renderPage(api, 'answer');
    expect(screen.getByRole('heading', { name: '3 mantras in a row went unanswered' })).toBeTruthy();
    expect(screen.getByRole('button', { name: 'Pause until tomorrow' })).toBeTruthy();
    await user.click(screen.getByRole('button', { name: 'Turn delivery off' }));
    expect(await screen.findByText(/You turned delivery off/)).toBeTruthy();

    await api.enroll();
    misses(1 + ENCOUNTER.autoDisableAfter);
    expect(api.state).toMatchObject({ enrolled: false, disabledReason: 'failures' });
    api.tick();
    expect(await screen.findByRole('heading', { name: 'Delivery was turned off' })).toBeTruthy();
    expect(screen.getByText(/8 mantras in a row went unanswered/)).toBeTruthy();
    await user.click(screen.getByRole('button', { name: 'Turn delivery back on' }));
    await waitFor(() => expect(api.state.enrolled).toBe(true));
  });

  it('shows a verdict pushed live from another channel', async () => {
    const { api, text } = await pending();
    await renderPage(api, 'answer');
    await api.answer({ text });
    expect(await screen.findByRole('heading', { name: '✓ Answered' })).toBeTruthy();
  });

  it('turns delivery on from a fresh profile', async () => {
    const api = fakeAt();
    const { user } = await renderPage(api, 'answer');
    await user.click(screen.getByRole('button', { name: 'Turn delivery on' }));
    expect(await screen.findByText(/The next mantra comes/)).toBeTruthy();
  });
});
