/** The Curve page over the real engine: why the next mantra comes when it does, day curves, evidence, the learner choice. */
import { screen, waitFor, within } from '@testing-library/react';
import { describe, expect, it } from 'vitest';
import { i18n } from '../../renderer/i18n';
import { bestHours, curveSentence, whyWords } from '../../renderer/pages/curve';
import { wording } from '../../renderer/i18n';
import { fakeAt, renderPage } from './render-app';

describe('Curve page', () => {
  it('says why the next delivery is at its time, shades bars by evidence, and offers Classic (V2) under Advanced', async () => {
    const api = fakeAt(undefined, { demo: true });
    const { user, container } = await renderPage(api, 'curve');
    const why = await screen.findByText((_, el) => el?.id === 'next-why');
    expect(why.textContent).toMatch(/^(\d\d:\d\d|No delivery|The mantra out now waits until \d\d:\d\d)/);
    // Bars with little evidence are drawn faint.
    const bars = [...container.querySelectorAll('rect.bar')];
    expect(bars.length).toBeGreaterThanOrEqual(24);
    expect(bars.some((b) => Number(b.getAttribute('fill-opacity')) < 1)).toBe(true);

    const advanced = screen.getByText('Advanced: how Mantra learns');
    await user.click(advanced);
    const select = within(container.querySelector('#learner-choice') as HTMLElement).getByRole('combobox', { name: /Learner/ });
    expect((select as HTMLSelectElement).value).toBe('default');
    await user.selectOptions(select, 'classic');
    await waitFor(() => expect(api.settings.learner).toBe('classic'));
  });

  it('words the reason for the next delivery in Spanish and German from the snapshot data (no English sentence is carried)', async () => {
    const api = fakeAt();
    await api.enroll();
    await api.updateSettings({ locale: 'es', mode: 'interval' });
    try {
      await renderPage(api, 'curve');
      const why = await screen.findByText((_, el) => el?.id === 'next-why');
      expect(why.textContent).toMatch(/^(La 01:\d\d cae|Las \d\d:\d\d caen) un intervalo después de la última entrega/);
      await api.updateSettings({ locale: 'de', mode: 'fixed' });
      await waitFor(() => expect(why.textContent).toMatch(/^\d\d:\d\d ist eine deiner festen Zeiten\.$/));
      expect(api.snapshot().learning).not.toHaveProperty('why');
    } finally {
      await i18n.changeLanguage('en');
    }
  });

  it('names only hours that stand out from the typical hour: a tie at 61 % is not won by 00:00 (German)', async () => {
    // One answer at 18h: 17–19 rose, twenty hours sit tied at 61 %, the rest of the day is lower.
    const curve: number[] = Array.from({ length: 24 }, (_, h) => (h >= 17 && h <= 19 ? 0.8 : 0.61));
    curve[3] = 0.55;
    await i18n.changeLanguage('de');
    try {
      const w = wording();
      expect(bestHours(w, curve)).toBe('17:00–20:00');
      expect(curveSentence(w, curve, 'adaptive')).toContain('(bisher am besten: 17:00–20:00)');
      // All hours tied above the start: none stands out, so none is named.
      expect(bestHours(w, Array(24).fill(0.61))).toBe('');
    } finally {
      await i18n.changeLanguage('en');
    }
  });

  it('when every hour ties above the start, says they are all equally good, not that none is above the start (English, Spanish)', async () => {
    const tied = Array<number>(24).fill(0.61);
    const en = curveSentence(wording(), tied, 'adaptive');
    expect(en).toBe('Every hour is at 61 %, above the 50 % start: so far you answer equally well at any hour, so none is preferred yet.');
    expect(en).not.toMatch(/No hour is above/);
    // Most hours tied at the top, the rest lower: the tie is named, not hidden.
    const mostly = Array.from({ length: 24 }, (_, h) => (h < 4 ? 0.4 : 0.61));
    expect(curveSentence(wording(), mostly, 'fixed')).toBe('20 hours tie for best at 61 %, above the 50 % start: none stands out from the others yet.');
    // Nothing above the start is still said as before.
    expect(curveSentence(wording(), Array<number>(24).fill(0.45), 'adaptive')).toMatch(/^No hour is above the 50 % start yet/);
    await i18n.changeLanguage('es');
    try {
      expect(curveSentence(wording(), tied, 'adaptive')).toBe(
        'Todas las horas están en el 61 %, por encima del 50 % inicial: hasta ahora respondes igual de bien a cualquier hora, así que ninguna tiene preferencia todavía.',
      );
      expect(curveSentence(wording(), mostly, 'adaptive')).toBe('20 horas empatan como las mejores con el 61 %, por encima del 50 % inicial: ninguna destaca todavía sobre las demás.');
    } finally {
      await i18n.changeLanguage('en');
    }
  });

  it('says the spacing in words, not as "1/1,1", and calls the mode by the Schedule page name (German, Spanish)', async () => {
    const at = Date.UTC(2026, 0, 5, 18, 0);
    const learning = { key: 'learning', at, weekend: false, chance: 0.5 } as const;
    const curve: number[] = Array.from({ length: 24 }, (_, h) => (h === 18 ? 0.8 : 0.5));
    await i18n.changeLanguage('de');
    try {
      const w = wording();
      const day = whyWords(w, { ...learning, frequency: 1.1 }, 'UTC');
      expect(day).toBe('18:00 kommt, wenn seit dem letzten Mantra etwa ein ganzer Tag deiner üblichen Antwortzeiten vergangen ist (du bekommst etwa 1,1 am Tag); Mantra lernt diese Stunde noch.');
      expect(day).not.toContain('1/');
      expect(whyWords(w, { ...learning, frequency: 4 }, 'UTC')).toContain('etwa 25 % eines Tages deiner üblichen Antwortzeiten');
      expect(curveSentence(w, curve, 'adaptive')).toContain('deshalb legt die Zustellart „Lernend“ Mantras dorthin');
      await i18n.changeLanguage('es');
      expect(curveSentence(wording(), curve, 'adaptive')).toContain('el envío «Adaptativo»');
      expect(whyWords(wording(), { ...learning, frequency: 2 }, 'UTC')).toMatch(/^Las 18:00 llegan cuando, desde el último mantra, ha pasado aproximadamente un 50 %/);
    } finally {
      await i18n.changeLanguage('en');
    }
  });
});
