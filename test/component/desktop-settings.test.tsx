import { screen, waitFor, within } from '@testing-library/react';
import { describe, expect, it } from 'vitest';
import { ApiError } from '../../shared/api.js';
import { T0, fakeAt, renderPage } from './render-app';

/** The text a screen reader reads as the control's description (its aria-describedby targets). */
function description(el: HTMLElement): string {
  return (el.getAttribute('aria-describedby') ?? '')
    .split(/\s+/)
    .filter(Boolean)
    .map((id) => document.getElementById(id)?.textContent ?? '')
    .join(' ');
}

const desktop = () => screen.getByRole('region', { name: 'Desktop' });
const toggle = (name: RegExp) => within(desktop()).getByRole('switch', { name }) as HTMLInputElement;
const idle = () => within(desktop()).getByRole('spinbutton', { name: 'Away after this many idle minutes' }) as HTMLInputElement;
const shortcut = () => within(desktop()).getByRole('textbox', { name: 'Shortcut to open the answer window' }) as HTMLInputElement;
const updates = (api: ReturnType<typeof fakeAt>) => api.calls.filter((c) => c.method === 'updateSettings').map((c) => c.input);

describe('Schedule: Desktop settings in the tray app', () => {
  it('shows every desktop setting as a labelled control with the stored value', async () => {
    const api = fakeAt(T0, { host: 'electron' });
    await renderPage(api, 'schedule');
    expect(toggle(/^Show a notification/).checked).toBe(true);
    expect(toggle(/^Open the answer window/).checked).toBe(true);
    expect(toggle(/^Only while I am at the computer/).checked).toBe(false);
    expect(toggle(/^Start Mantra when I log in/).checked).toBe(false);
    expect(idle().value).toBe('5');
    for (const el of [...within(desktop()).getAllByRole('switch'), idle()]) expect((el as HTMLInputElement).disabled).toBe(false);
    expect(within(desktop()).queryByText(/Tray app only/)).toBeNull();
  });

  it('saves each switch at once and shows the new value', async () => {
    const api = fakeAt(T0, { host: 'electron' });
    const { user } = await renderPage(api, 'schedule');
    await user.click(toggle(/^Show a notification/));
    await waitFor(() => expect(api.settings.notifications).toBe(false));
    expect(toggle(/^Show a notification/).checked).toBe(false);
    await user.click(toggle(/^Open the answer window/));
    await waitFor(() => expect(api.settings.openAnswerWindow).toBe(false));
    await user.click(toggle(/^Only while I am at the computer/));
    await waitFor(() => expect(api.settings.onlyWhenPresent).toBe(true));
    await user.click(toggle(/^Start Mantra when I log in/));
    await waitFor(() => expect(api.settings.startAtLogin).toBe(true));
    expect(updates(api)).toEqual([{ notifications: false }, { openAnswerWindow: false }, { onlyWhenPresent: true }, { startAtLogin: true }]);
  });

  it('switches with the keyboard', async () => {
    const api = fakeAt(T0, { host: 'electron' });
    const { user } = await renderPage(api, 'schedule');
    toggle(/^Start Mantra when I log in/).focus();
    await user.keyboard(' ');
    await waitFor(() => expect(api.settings.startAtLogin).toBe(true));
    expect(toggle(/^Start Mantra when I log in/).checked).toBe(true);
  });

  it('checks the idle threshold inline (1 to 240 whole minutes) and saves it on Enter', async () => {
    const api = fakeAt(T0, { host: 'electron' });
    const { user } = await renderPage(api, 'schedule');
    const field = idle();
    for (const bad of ['0', '241', '2.5', '']) {
      await user.clear(field);
      if (bad) await user.type(field, bad);
      expect(field.getAttribute('aria-invalid')).toBe('true');
      expect(description(field)).toContain('Enter a whole number of minutes from 1 to 240.');
    }
    await user.tab(); // leaving an invalid field saves nothing
    expect(updates(api)).toEqual([]);
    expect(api.settings.idleThresholdMinutes).toBe(5);
    await user.clear(field);
    await user.type(field, '240{Enter}');
    expect(await within(desktop()).findByText('Saved.')).toBeTruthy();
    expect(field.getAttribute('aria-invalid')).toBe('false');
    expect(updates(api)).toEqual([{ idleThresholdMinutes: 240 }]);
    expect(api.settings.idleThresholdMinutes).toBe(240);
  });

  it('saves the idle threshold when leaving the field, and only when it changed', async () => {
    const api = fakeAt(T0, { host: 'electron' });
    const { user } = await renderPage(api, 'schedule');
    await user.clear(idle());
    await user.type(idle(), '15');
    await user.tab();
    await waitFor(() => expect(api.settings.idleThresholdMinutes).toBe(15));
    await user.click(idle());
    await user.tab();
    expect(updates(api)).toEqual([{ idleThresholdMinutes: 15 }]);
  });

  it('shows a refused change under its switch, and the switch goes back', async () => {
    const api = fakeAt(T0, { host: 'electron' });
    const { user } = await renderPage(api, 'schedule');
    api.failNext('updateSettings', new ApiError('disk full', 'internal'));
    await user.click(toggle(/^Start Mantra when I log in/));
    expect(await within(desktop()).findByText('Mantra had a problem: disk full.')).toBeTruthy();
    expect(toggle(/^Start Mantra when I log in/).checked).toBe(false);
    expect(description(toggle(/^Start Mantra when I log in/))).toContain('disk full');
    expect(api.settings.startAtLogin).toBe(false);
  });

  it('turns the notification sound on', async () => {
    const api = fakeAt(T0, { host: 'electron' });
    const { user } = await renderPage(api, 'schedule');
    expect(toggle(/^Play a sound with the notification/).checked).toBe(false);
    await user.click(toggle(/^Play a sound with the notification/));
    await waitFor(() => expect(api.settings.notificationSound).toBe(true));
    expect(updates(api)).toEqual([{ notificationSound: true }]);
  });

  it('checks the answer shortcut inline, saves it on Enter, and takes an empty one as none', async () => {
    const api = fakeAt(T0, { host: 'electron' });
    const { user } = await renderPage(api, 'schedule');
    const field = shortcut();
    expect(field.value).toBe('CommandOrControl+Shift+M');
    await user.clear(field);
    await user.type(field, 'M');
    expect(field.getAttribute('aria-invalid')).toBe('true');
    expect(description(field)).toContain('Needs a modifier such as CommandOrControl, Alt or Shift, or it would catch ordinary typing.');
    await user.type(field, '{Enter}');
    expect(updates(api)).toEqual([]);
    await user.clear(field);
    await user.type(field, 'Alt+Shift+A{Enter}');
    expect(await within(desktop()).findByText('Saved.')).toBeTruthy();
    expect(api.settings.answerShortcut).toBe('Alt+Shift+A');
    await user.clear(field);
    await user.tab();
    await waitFor(() => expect(api.settings.answerShortcut).toBe(''));
    expect(updates(api)).toEqual([{ answerShortcut: 'Alt+Shift+A' }, { answerShortcut: '' }]);
  });

  it('follows a change made elsewhere (the tray menu, another window)', async () => {
    const api = fakeAt(T0, { host: 'electron' });
    await renderPage(api, 'schedule');
    await api.updateSettings({ onlyWhenPresent: true, idleThresholdMinutes: 12 });
    await waitFor(() => expect(toggle(/^Only while I am at the computer/).checked).toBe(true));
    await waitFor(() => expect(idle().value).toBe('12'));
  });
});

describe('Schedule: Desktop settings in the browser (headless host)', () => {
  it('says which settings only the tray app acts on, and keeps them disabled with the reason', async () => {
    const api = fakeAt(T0, { host: 'headless' });
    await renderPage(api, 'schedule');
    expect(within(desktop()).getByText(/Mantra runs here as/)).toBeTruthy();
    const trayOnly = [toggle(/^Open the answer window/), toggle(/^Only while I am at the computer/), toggle(/^Start Mantra when I log in/), idle()];
    for (const el of trayOnly) {
      expect(el.disabled).toBe(true);
      expect(description(el)).toMatch(/Only the tray app/);
    }
    expect(description(toggle(/^Only while I am at the computer/))).toContain('Only the tray app can tell whether you are at the computer.');
    expect(description(toggle(/^Start Mantra when I log in/))).toContain('Only the tray app can start at login.');
    expect(within(desktop()).getAllByText('Tray app only')).toHaveLength(5);
    expect(shortcut().disabled).toBe(true);
    expect(description(shortcut())).toContain('Only the tray app can listen for a shortcut');
    expect(toggle(/^Play a sound with the notification/).disabled).toBe(false);
  });

  it('still turns notifications off (the headless host shows them too)', async () => {
    const api = fakeAt(T0, { host: 'headless' });
    const { user } = await renderPage(api, 'schedule');
    const notifications = toggle(/^Show a notification/);
    expect(notifications.disabled).toBe(false);
    expect(description(notifications)).not.toMatch(/tray app/i);
    await user.click(notifications);
    await waitFor(() => expect(api.settings.notifications).toBe(false));
    expect(toggle(/^Show a notification/).checked).toBe(false);
    expect(updates(api)).toEqual([{ notifications: false }]);
  });
});

describe('Schedule: Desktop settings in German and Spanish', () => {
  it('labels the switches in German and says why a setting is tray-only', async () => {
    const api = fakeAt(T0, { host: 'headless' });
    await api.updateSettings({ locale: 'de' });
    await renderPage(api, 'schedule');
    const region = await screen.findByRole('region', { name: 'Desktop' });
    expect(within(region).getByRole('switch', { name: /^Eine Benachrichtigung zeigen/ })).toBeTruthy();
    const start = within(region).getByRole('switch', { name: /^Mantra bei der Anmeldung starten/ });
    expect(description(start)).toMatch(/Nur die Tray-App kann bei der Anmeldung starten/);
    expect(within(region).getAllByText('Nur Tray-App').length).toBeGreaterThan(0);
  });

  it('rejects an idle threshold out of range in Spanish', async () => {
    const api = fakeAt(T0, { host: 'electron' });
    await api.updateSettings({ locale: 'es' });
    const { user } = await renderPage(api, 'schedule');
    const region = await screen.findByRole('region', { name: 'Escritorio' });
    const field = within(region).getByRole('spinbutton', { name: 'Ausente tras estos minutos de inactividad' });
    await user.clear(field);
    await user.type(field, '999');
    expect(description(field)).toMatch('Escribe un número entero de minutos entre 1 y 240.');
  });
});
