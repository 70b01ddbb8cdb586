/**
 * The engine's refusals and validation messages in the window's language: a window that
 * missed an update (the mantra was skipped or mantras turned off elsewhere) acts, the real engine
 * refuses, and the page says why in German or Spanish with no English inside.
 */
import { screen, within } from '@testing-library/react';
import { afterEach, describe, expect, it } from 'vitest';
import { API_METHODS, ApiError, type ApiEvent, type MantraApi } from '../../shared/api.js';
import { errorWords } from '../../renderer/error-words';
import { i18n } from '../../renderer/i18n';
import { PROFILE, type TestApi } from './engine-api';
import { fakeAt, renderPage } from './render-app';

const ENGLISH = /\b(the|is|not|nothing|answer|waiting|snooze|must|quiet|accepted|mantra is)\b/i;

/** The window over `api`, deaf to events once `freeze()` is called: what a window that missed an update holds. */
function staleWindow(api: TestApi): { window: MantraApi; freeze: () => void } {
  let frozen = false;
  const window: Record<string, unknown> = {
    subscribe: (listener: (e: ApiEvent) => void) => api.subscribe((e) => (frozen ? undefined : listener(e))),
  };
  for (const method of API_METHODS) window[method] = (input?: unknown) => (api[method] as (input?: unknown) => Promise<unknown>)(input);
  return { window: window as MantraApi, freeze: () => (frozen = true) };
}

async function pendingIn(locale: 'de' | 'es') {
  const api = fakeAt();
  await api.enroll();
  await api.deliverNow();
  await api.updateSettings({ locale });
  return api;
}

afterEach(async () => {
  await i18n.changeLanguage('en');
});

describe('refusals in the window language', () => {
  it('German: skipping after mantras were turned off elsewhere says so in German', async () => {
    const api = await pendingIn('de');
    const stale = staleWindow(api);
    const { user } = await renderPage(stale.window, 'answer');
    stale.freeze();
    api.engine.unenroll(PROFILE);
    await user.click(screen.getByRole('button', { name: 'Dieses überspringen (keine Strafe, nichts wird gelernt)' }));
    const alert = await screen.findByText('Mantras sind ausgeschaltet, also gibt es nichts zu überspringen.');
    expect(alert.getAttribute('role')).toBe('alert');
    expect(alert.textContent).not.toMatch(ENGLISH);
  });

  it('Spanish: snoozing a mantra that is no longer out says so in Spanish', async () => {
    const api = await pendingIn('es');
    const stale = staleWindow(api);
    const { user } = await renderPage(stale.window, 'answer');
    stale.freeze();
    api.engine.skip(PROFILE);
    await user.click(within(screen.getByRole('group', { name: 'Posponer' })).getByRole('button', { name: '10 min' }));
    const alert = await screen.findByText('Ahora no hay ningún mantra pendiente, así que no hay nada que posponer.');
    expect(alert.getAttribute('role')).toBe('alert');
  });

  it('an invalid quiet-hours range and a bad snooze, refused by the engine, read as German and Spanish sentences', async () => {
    const api = fakeAt();
    await api.enroll();
    const quiet = await api.updateSettings({ quietHours: [{ from: '22:00', to: '22:00', days: 'all' }] }).catch((e: unknown) => e);
    const snooze = await api.snooze({ minutes: 0 }).catch((e: unknown) => e);
    expect(quiet).toBeInstanceOf(ApiError);
    await i18n.changeLanguage('de');
    expect(errorWords(quiet)).toBe('Das wurde nicht übernommen. Ruhezeiten, Nr. 1: Beginn und Ende müssen verschiedene Uhrzeiten sein.');
    expect(errorWords(snooze)).toBe('Das wurde nicht übernommen. Minuten: mindestens 1.');
    await i18n.changeLanguage('es');
    expect(errorWords(quiet)).toBe('No se ha aceptado. Horas de silencio, n.º 1: el inicio y el fin tienen que ser horas distintas.');
    for (const e of [quiet, snooze]) expect(errorWords(e)).not.toMatch(ENGLISH);
    // English stays in the message, for logs.
    expect((quiet as ApiError).message).toBe('invalid input for updateSettings: quietHours.0: a quiet window must not start and end at the same time');
  });
});
