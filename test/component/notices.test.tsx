import { act, screen, waitFor } from '@testing-library/react';
import { describe, expect, it } from 'vitest';
import { i18n } from '../../renderer/i18n';
import { fakeAt, renderPage, T0 } from './render-app';

describe('the window tells what the engine must say', () => {
  it('a failing write is an alert on every page until writing works again; a settings reset can be dismissed', async () => {
    const api = fakeAt();
    const { user } = await renderPage(api, 'schedule');
    act(() =>
      api.emit({
        type: 'snapshot',
        snapshot: {
          ...api.snapshot(),
          notices: [
            { id: 'write-failed', kind: 'write-failed', text: 'Mantra cannot save: ENOSPC: no space left on device.' },
            { id: 'store-0', kind: 'settings-reset', text: 'mantra.json could not be read completely; back to their defaults: desktop: quietHours.' },
          ],
        },
      }),
    );
    expect((await screen.findByRole('alert')).textContent).toContain('Mantra cannot save: ENOSPC');
    expect(screen.getByText(/back to their defaults: desktop: quietHours/)).toBeTruthy();
    expect(screen.getAllByRole('button', { name: 'Dismiss' })).toHaveLength(1);
    await user.click(screen.getByRole('button', { name: 'Dismiss' }));
    expect(screen.queryByText(/back to their defaults/)).toBeNull();
    act(() => api.emit({ type: 'snapshot', snapshot: api.snapshot() }));
    await waitFor(() => expect(screen.queryByText(/Mantra cannot save/)).toBeNull());
  });

  it('words a failing write in the window language from its parts; the system detail stays as it came', async () => {
    const api = fakeAt();
    await api.updateSettings({ locale: 'es' });
    try {
      await renderPage(api, 'answer');
      const writeFailed = { detail: 'ENOSPC: no space left on device', failures: 3, since: T0 - 10 * 60_000 };
      act(() => api.emit({ type: 'snapshot', snapshot: { ...api.snapshot(), notices: [{ id: 'write-failed', kind: 'write-failed', text: 'Mantra cannot save: …', writeFailed }] } }));
      expect((await screen.findByRole('alert')).textContent).toBe(
        'Mantra no puede guardar: ENOSPC: no space left on device. No se pierde nada; sigue intentándolo por su cuenta (3 intentos fallidos desde hoy a las 08:50).',
      );
    } finally {
      await i18n.changeLanguage('en');
    }
  });

  it('words a salvaged settings file in German, naming each reset setting as the settings pages do', async () => {
    const api = fakeAt();
    await api.updateSettings({ locale: 'de' });
    try {
      await renderPage(api, 'answer');
      const settingsReset = {
        file: '/home/a/.config/mantra/mantra.json',
        aside: '/home/a/.config/mantra/mantra.json.corrupt-2026',
        error: 'Unexpected token } in JSON at position 12',
        resets: [
          { what: 'setting', profile: 'desktop', key: 'intervalHours' },
          { what: 'setting', profile: 'desktop', key: 'quietHours' },
        ] as const,
      };
      act(() => api.emit({ type: 'snapshot', snapshot: { ...api.snapshot(), notices: [{ id: 'store-0', kind: 'settings-reset', text: 'mantra.json could not be read…', settingsReset }] } }));
      expect((await screen.findByText(/konnte nicht vollständig gelesen werden/)).textContent).toBe(
        '/home/a/.config/mantra/mantra.json konnte nicht vollständig gelesen werden (Unexpected token } in JSON at position 12). Mantra hat die Datei nach /home/a/.config/mantra/mantra.json.corrupt-2026 verschoben und den Stand aus den Protokollen wiederhergestellt. Auf den Standard zurückgesetzt: Stunden zwischen zwei Mantras (Profil desktop) und Ruhezeiten (Profil desktop).',
      );
    } finally {
      await i18n.changeLanguage('en');
    }
  });

  it("words the taken shortcut in Spanish, and the refused one with the system's own reason", async () => {
    const api = fakeAt();
    await api.updateSettings({ locale: 'es' });
    try {
      await renderPage(api, 'answer');
      const notice = (shortcut: { accelerator: string; taken: boolean; error?: string }) => ({ id: 'host-shortcut', kind: 'host' as const, text: 'The shortcut…', shortcut });
      act(() => api.emit({ type: 'snapshot', snapshot: { ...api.snapshot(), notices: [notice({ accelerator: 'Control+Shift+M', taken: true })] } }));
      expect(await screen.findByText('El atajo Control+Shift+M que abre la ventana de respuesta no funciona: otra aplicación lo está usando. Elige otro en Horario > Escritorio.')).toBeTruthy();
      act(() => api.emit({ type: 'snapshot', snapshot: { ...api.snapshot(), notices: [notice({ accelerator: 'Alt+F4', taken: false, error: 'Error: conversion failure' })] } }));
      expect(
        await screen.findByText('El atajo Alt+F4 que abre la ventana de respuesta no funciona: el sistema lo rechazó (Error: conversion failure). Elige otro en Horario > Escritorio.'),
      ).toBeTruthy();
    } finally {
      await i18n.changeLanguage('en');
    }
  });
});
