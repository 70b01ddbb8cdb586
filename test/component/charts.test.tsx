import { render, screen, within } from '@testing-library/react';
import { describe, expect, it } from 'vitest';
import type { LogEntry } from '../../shared/encounter-log.js';
import { CurveChart } from '../../renderer/charts/curve-chart';
import { curveSentence, recentMarks, whyWords } from '../../renderer/pages/curve';
import { translator } from '../../shared/i18n/i18n.js';
import type { Wording } from '../../shared/i18n/format.js';
import type { WhyMessage } from '../../shared/learning-view.js';
import { countTicks } from '../../renderer/pages/stats';
import { fakeAt, renderPage, T0 } from './render-app';

const flat = Array<number>(24).fill(0.5);
const english: Wording = { t: translator('en'), tag: 'en-GB', hourCycle: null };
const german: Wording = { t: translator('de'), tag: 'de', hourCycle: null };
const spanish: Wording = { t: translator('es'), tag: 'es', hourCycle: null };

describe('Curve', () => {
  it('explains a fresh profile and a learned one in one sentence', () => {
    expect(curveSentence(english, flat, 'adaptive')).toMatch(/^Nothing learned yet: every hour starts at 50 %/);
    const learned = flat.map((v, h) => (h === 9 || h === 10 ? 0.9 : h === 19 ? 0.8 : h < 6 ? 0.1 : v));
    expect(curveSentence(english, learned, 'adaptive')).toBe('Taller bars are hours you tend to answer in (best so far: 09:00–11:00 and 19:00–20:00), so the Adaptive mode aims mantras there.');
    expect(curveSentence(english, learned, 'fixed')).toMatch(/Fixed times mode keeps teaching it/);
    expect(
      curveSentence(
        english,
        flat.map(() => 0.2),
        'adaptive',
      ),
    ).toMatch(/No hour is above the 50 % start yet/);
  });

  it('says the curve and why the next delivery comes in German and Spanish', () => {
    const learned = flat.map((v, h) => (h === 9 || h === 10 ? 0.9 : h === 19 ? 0.8 : h < 6 ? 0.1 : v));
    expect(curveSentence(german, learned, 'adaptive')).toBe(
      'Höhere Balken sind Stunden, in denen du meist antwortest (bisher am besten: 09:00–11:00 und 19:00–20:00), deshalb legt die Zustellart „Lernend“ Mantras dorthin.',
    );
    expect(curveSentence(spanish, flat, 'adaptive')).toMatch(/^Aún no se ha aprendido nada: cada hora empieza en 50 %/);
    const at = Date.UTC(2026, 0, 5, 18, 0);
    expect(whyWords(german, { key: 'best-hour', at, weekend: false, chance: 0.62, frequency: 3 }, 'UTC')).toBe(
      '18:00 ist an Werktagen die beste Stunde in der Nähe: Ein Mantra, das dann wartete, wurde in etwa 62 % der Fälle innerhalb der Stunde beantwortet.',
    );
    expect(whyWords(spanish, { key: 'learning', at, weekend: true, chance: 0.5, frequency: 2.5 }, 'UTC')).toBe(
      'Las 18:00 llegan cuando, desde el último mantra, ha pasado aproximadamente un 40 % de un día de tus horas habituales de respuesta (recibes unos 2,5 al día); Mantra todavía está aprendiendo esa hora.',
    );
    expect(whyWords(english, { key: 'off', at: null, weekend: false, chance: 0, frequency: 3 }, 'UTC')).toBe('No delivery is planned: delivery is off or paused.');
  });

  it('makes the Spanish verb and article agree with the hour: la 1:00 es, las 13:00 son', () => {
    const one = Date.UTC(2026, 0, 5, 1, 0);
    const thirteen = Date.UTC(2026, 0, 5, 13, 0);
    const why = (w: Wording, key: WhyMessage['key'], at: number) => whyWords(w, { key, at, weekend: false, chance: 0.62, frequency: 3 }, 'UTC');
    expect(why(spanish, 'fixed', one)).toBe('La 01:00 es una de tus horas fijas.');
    expect(why(spanish, 'fixed', thirteen)).toBe('Las 13:00 son una de tus horas fijas.');
    expect(why(spanish, 'deadline', one)).toBe('El mantra actual espera hasta la 01:00; si no se responde, el siguiente sale entonces.');
    expect(why(spanish, 'deadline', thirteen)).toBe('El mantra actual espera hasta las 13:00; si no se responde, el siguiente sale entonces.');
    expect(why(spanish, 'best-hour', thirteen)).toMatch(/^Las 13:00 son, entre semana, la mejor hora cercana:/);
    expect(why(spanish, 'interval', one)).toMatch(/^La 01:00 cae un intervalo/);
    // On a 12-hour clock 13:00 is "la 1:00 p. m.": singular again.
    expect(why({ ...spanish, hourCycle: 'h12' }, 'learning', thirteen)).toMatch(/^La 01:00 p\. m\. llega cuando/);
    for (const key of ['interval', 'fixed', 'classic', 'learning', 'best-hour'] as const) {
      expect(why(spanish, key, one)).toMatch(/^La 01:00 (es|cae|llega)\b/);
      expect(why(spanish, key, thirteen)).toMatch(/^Las 13:00 (son|caen|llegan)\b/);
      // German needs no agreement: the same sentence whatever the hour.
      expect(why(german, key, one).replace('01:00', 'X')).toBe(why(german, key, thirteen).replace('13:00', 'X'));
    }
  });

  it('draws 24 bars, highlights the current hour and marks recent hours', () => {
    const { container } = render(<CurveChart curve={flat} currentHour={14} marks={{ sent: flat.map((_, h) => (h === 9 ? 2 : 0)), answered: flat.map((_, h) => (h === 10 ? 1 : 0)) }} label="curve" />);
    expect(container.querySelectorAll('rect.bar')).toHaveLength(24);
    expect(container.querySelectorAll('rect.bar-now')).toHaveLength(1);
    expect(container.querySelectorAll('circle.mark-sent')).toHaveLength(1);
    expect(container.querySelectorAll('circle.mark-answered')).toHaveLength(1);
    expect(screen.getByRole('img', { name: 'curve' })).toBeTruthy();
    expect(screen.getByText('now')).toBeTruthy();
    expect([...container.querySelectorAll('title')].map((t) => t.textContent)).toContain('09:00–10:00: 50 % likely to answer; recently 2 sent, 0 answered');
  });

  it('counts only the last 14 days of deliveries and answers', () => {
    const mantra = { id: 'focus/0', theme: 'focus', template: 'x', text: 'x', difficulty: 'easy' as const, basePoints: 25 };
    const log: LogEntry[] = [
      { type: 'delivered', at: T0 - 20 * 86_400_000, mantra, deadline: T0, hour: 3 },
      { type: 'delivered', at: T0 - 3_600_000, mantra, deadline: T0, hour: 8 },
    ];
    const marks = recentMarks(log, T0);
    expect(marks.sent[8]).toBe(1);
    expect(marks.sent[3]).toBe(0);
  });

  it('the page shows the chart and the current hour of the profile zone', async () => {
    const api = fakeAt(T0, { timeZone: 'Asia/Tokyo' });
    await renderPage(api, 'curve');
    expect(screen.getByRole('img', { name: /availability by hour of day in Asia\/Tokyo.*Now is 18:00–19:00/i })).toBeTruthy();
  });
});

describe('Stats', () => {
  it('picks round axis ticks', () => {
    expect(countTicks(0).ticks.map((t) => t.value)).toEqual([0, 1]);
    expect(countTicks(3).ticks.map((t) => t.value)).toEqual([0, 1, 2, 3]);
    expect(countTicks(21)).toMatchObject({ top: 30 });
  });

  it('shows completion, streaks, points and the recent history after answers', async () => {
    const api = fakeAt();
    await api.enroll();
    await api.deliverNow();
    api.clock.now += 60_000;
    await api.answer({ text: api.state.current?.text ?? '' });
    await renderPage(api, 'stats');
    const figures = (await screen.findByText('Completion')).closest('dl') as HTMLElement;
    expect(figures.textContent).toMatch(/Completion100 %1 of 1 answered/);
    expect(figures.textContent).toMatch(/Streak1best 1/);
    expect(screen.getByRole('img', { name: /^Response times: < 1 min: 0, 1–2 min: 1/ })).toBeTruthy();
    expect(screen.getByText(/answered in 1 min, \+\d+/)).toBeTruthy();
    expect(screen.getByRole('list', { name: 'Completion by theme' }).textContent).toMatch(/100 % · 1\/1/);
  });

  it('marks the current hour of the by-hour chart with a labelled frame, not a bar that reads as data', async () => {
    const api = fakeAt(T0, { timeZone: 'Asia/Tokyo' });
    await api.enroll();
    await api.deliverNow();
    api.clock.now += 60_000;
    await api.answer({ text: api.state.current?.text ?? '' });
    await renderPage(api, 'stats');
    const chart = (await screen.findByRole('img', { name: /^Sent and answered by hour/ })).closest('svg') as SVGSVGElement;
    const frames = chart.querySelectorAll('rect.now-band');
    expect(frames).toHaveLength(1);
    // Outline only: nothing filled spans the plot, and the hour's own bars keep the data colours.
    expect(chart.querySelectorAll('rect[fill="var(--accent-soft)"]')).toHaveLength(0);
    expect(chart.querySelectorAll('rect.bar-now')).toHaveLength(0);
    expect(within(chart as unknown as HTMLElement).getByText('now')).toBeTruthy();
    expect(screen.getByText(/The dashed frame marks the hour it is now/)).toBeTruthy();
  });
});
