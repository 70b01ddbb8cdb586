/** The first-run walk-through over the fake engine: where it starts, each step's save, skipping, coming back. */
import { screen, waitFor, within } from '@testing-library/react';
import { describe, expect, it } from 'vitest';
import { i18n } from '../../renderer/i18n';
import { fakeAt, renderPage } from './render-app';

describe('first run', () => {
  it('opens on the walk-through when no page is named, saves each step, turns delivery on and sends a test mantra', async () => {
    const api = fakeAt();
    const { user } = await renderPage(api, '');
    expect(await screen.findByRole('heading', { level: 2, name: 'Welcome to Mantra' })).toBeTruthy();
    expect(screen.getByText('Step 1 of 7')).toBeTruthy();
    await user.click(screen.getByRole('button', { name: 'Next' }));

    // Themes, with real mantras of each theme as previews.
    const themes = await screen.findByRole('group', { name: 'Themes to draw from' });
    await waitFor(() => expect(within(themes).getAllByText(/^“.+”$/).length).toBeGreaterThan(3));
    expect(screen.getByRole('heading', { level: 2, name: 'What should your mantras be about?' })).toBe(document.activeElement);
    await user.click(within(themes).getByRole('checkbox', { name: /^Calm/ }));
    await user.click(within(themes).getByRole('checkbox', { name: /^Focus/ }));
    expect(screen.getByRole('alert').textContent).toMatch(/at least one theme/);
    expect(screen.getByRole('button', { name: 'Next' })).toHaveProperty('disabled', true);
    await user.click(within(themes).getByRole('checkbox', { name: /^Focus/ }));
    await user.click(screen.getByRole('button', { name: 'Next' }));
    await waitFor(() => expect(api.settings.themes).toEqual(['focus']));

    // Names.
    const subject = await screen.findByRole('textbox', { name: 'You are called' });
    await user.clear(subject);
    await user.type(subject, 'Alex');
    await user.click(screen.getByRole('button', { name: 'Next' }));
    await waitFor(() => expect(api.settings.subject).toBe('Alex'));

    // How often.
    await user.click(await screen.findByRole('radio', { name: /At a steady rhythm/ }));
    await user.selectOptions(screen.getByRole('combobox', { name: 'Every' }), '3');
    await user.click(screen.getByRole('button', { name: 'Next' }));
    await waitFor(() => expect([api.settings.mode, api.settings.intervalHours]).toEqual(['interval', 3]));

    // Quiet hours: on by default, 22:00-07:00.
    expect(await screen.findByRole('checkbox', { name: /Keep a quiet time every day/ })).toHaveProperty('checked', true);
    await user.click(screen.getByRole('button', { name: 'Next' }));
    await waitFor(() => expect(api.settings.quietHours).toEqual([{ from: '22:00', to: '07:00', days: 'all' }]));

    // Channels: the answer window is the tray app's, so the browser shows it off and says why.
    const answerWindow = await screen.findByRole('checkbox', { name: /Open the answer window/ });
    expect(answerWindow).toHaveProperty('disabled', true);
    await user.click(screen.getByRole('button', { name: 'Save and finish' }));
    await waitFor(() => expect(api.settings.onboarded).toBe(true));

    await user.click(await screen.findByRole('button', { name: 'Turn delivery on' }));
    expect((await screen.findByText(/^Your first mantra comes today at 09:0/)).textContent).toMatch(/\(in \d+ s\)|\(now\)/);
    await user.click(screen.getByRole('button', { name: 'Send a test mantra now' }));
    await waitFor(() => expect(window.location.hash).toBe('#/answer'));
    expect(await screen.findByRole('textbox', { name: 'Type it back' })).toBeTruthy();
  });

  it('can be skipped, keeps the defaults, and is reachable again from Schedule', async () => {
    const api = fakeAt();
    const { user } = await renderPage(api, '');
    await user.click(await screen.findByRole('button', { name: 'Skip setup' }));
    await waitFor(() => expect(window.location.hash).toBe('#/answer'));
    expect(api.settings.onboarded).toBe(true);
    expect(api.settings.themes).toEqual(['focus', 'calm']);
    window.location.hash = '#/schedule';
    await user.click(await screen.findByRole('link', { name: /first-run setup again/ }));
    expect(await screen.findByRole('heading', { level: 2, name: 'Welcome to Mantra' })).toBeTruthy();
  });

  it('shows a named page as asked even on the first run', async () => {
    const api = fakeAt();
    await renderPage(api, 'stats');
    expect(screen.getByRole('heading', { level: 1, name: 'Stats' })).toBeTruthy();
    expect(window.location.hash).toBe('#/stats');
  });

  it('warns in the names step, in German, that a name and "my future self" would mix two persons, as the Themes page does', async () => {
    const api = fakeAt();
    await api.updateSettings({ locale: 'de' });
    try {
      const { user } = await renderPage(api, '');
      await user.click(await screen.findByRole('button', { name: 'Weiter' }));
      await screen.findByRole('group', { name: /Themen/ });
      await user.click(screen.getByRole('button', { name: 'Weiter' }));
      const subject = await screen.findByRole('textbox', { name: 'Du heißt' });
      expect(screen.queryByRole('note')).toBeNull();
      await user.clear(subject);
      await user.type(subject, 'Jürgen');
      expect(screen.getByRole('note').textContent).toBe('„my future self“ spricht als „ich“, aber „Jürgen“ ist ein Name: Die Mantras würden beides vermischen. Versuch es mit „Jürgen’s future self“.');
      const controller = screen.getByRole('textbox', { name: 'Mantras sprechen von' });
      await user.clear(controller);
      await user.type(controller, 'das Team');
      expect(screen.queryByRole('note')).toBeNull();
    } finally {
      await i18n.changeLanguage('en');
    }
  });

  it('after a test mantra is answered, says the real next time live and that the test counted as the first (Spanish)', async () => {
    const api = fakeAt();
    await api.updateSettings({ locale: 'es' });
    try {
      const { user } = await renderPage(api, '');
      for (let i = 0; i < 5; i++) await user.click(await screen.findByRole('button', { name: 'Siguiente' }));
      await user.click(await screen.findByRole('button', { name: 'Guardar y terminar' }));
      await user.click(await screen.findByRole('button', { name: 'Activar envíos' }));
      expect(await screen.findByText(/^Tu primer mantra llega hoy a las 09:0/)).toBeTruthy();
      expect(screen.getByText(/Cuenta como tu primer mantra/)).toBeTruthy();
      // The test mantra goes out and is answered elsewhere (the Answer page, a notification): the page follows the snapshot.
      await api.deliverNow();
      expect(await screen.findByText(/^Tu mantra de prueba te espera; cuenta como el primero\./)).toBeTruthy();
      await api.answer({ text: api.state.current?.text ?? '' });
      const next = await screen.findByText(/^Tu próximo mantra llega /);
      const nextAt = api.snapshot().status;
      expect(nextAt.kind).toBe('waiting');
      expect(next.textContent).toContain(nextAt.kind === 'waiting' ? new Intl.DateTimeFormat('es', { timeZone: 'UTC', hour: '2-digit', minute: '2-digit' }).format(nextAt.nextAt) : '?');
      expect(screen.queryByText(/Tu primer mantra/)).toBeNull();
    } finally {
      await i18n.changeLanguage('en');
    }
  });
});
