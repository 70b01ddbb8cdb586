import { fireEvent, screen, waitFor, within } from '@testing-library/react';
import { describe, expect, it } from 'vitest';
import { fakeAt, renderPage } from './render-app';

async function openMode(name: RegExp) {
  const api = fakeAt();
  await api.enroll();
  const r = await renderPage(api, 'schedule');
  await r.user.click(await screen.findByRole('radio', { name }));
  return { api, ...r };
}

describe('Schedule: delivery mode form', () => {
  it('shows an invalid fixed time inline and does not save it', async () => {
    const { api, user } = await openMode(/fixed times/i);
    const first = screen.getByRole('textbox', { name: 'Time 1' });
    await user.clear(first);
    await user.type(first, '25:61');
    expect(await screen.findByText('Must be a time of day such as 07:30 (00:00 to 23:59).')).toBeTruthy();
    expect(first.getAttribute('aria-invalid')).toBe('true');
    await user.click(screen.getByRole('button', { name: 'Save schedule' }));
    expect(await screen.findByText(/fix the marked times before saving/i)).toBeTruthy();
    expect(api.calls.some((c) => c.method === 'updateSettings')).toBe(false);
  });

  it('flags a repeated time and an empty list', async () => {
    const { user } = await openMode(/fixed times/i);
    const second = screen.getByRole('textbox', { name: 'Time 2' });
    await user.clear(second);
    await user.type(second, '09:00');
    expect(await screen.findByText('This time is already in the list.')).toBeTruthy();
    for (let i = 3; i >= 1; i--) await user.click(screen.getByRole('button', { name: new RegExp(`^Remove time ${i}`) }));
    expect(await screen.findByText('Fixed times: needs at least one.')).toBeTruthy();
  });

  it('saves valid fixed times sorted, reading 7:30 as 07:30', async () => {
    const { api, user } = await openMode(/fixed times/i);
    await user.click(screen.getByRole('button', { name: 'Add a time' }));
    await user.type(screen.getByRole('textbox', { name: 'Time 4' }), '7:30');
    await user.click(screen.getByRole('button', { name: 'Save schedule' }));
    await screen.findByText('Saved.');
    expect(api.calls.find((c) => c.method === 'updateSettings')?.input).toEqual({ mode: 'fixed', fixedTimes: ['07:30', '09:00', '14:00', '19:00'] });
    expect(api.settings.mode).toBe('fixed');
  });

  it('keeps the interval within 1 to 24 hours', async () => {
    const { api, user } = await openMode(/every few hours/i);
    const hours = screen.getByRole('spinbutton', { name: 'Hours between mantras' });
    await user.clear(hours);
    await user.type(hours, '0');
    expect(await screen.findByText('Hours between mantras: at least 1.')).toBeTruthy();
    await user.clear(hours);
    await user.type(hours, '25');
    expect(await screen.findByText('Hours between mantras: at most 24.')).toBeTruthy();
    await user.click(screen.getByRole('button', { name: 'Save schedule' }));
    expect(api.calls.some((c) => c.method === 'updateSettings')).toBe(false);
    await user.clear(hours);
    await user.type(hours, '24');
    expect(hours.getAttribute('aria-invalid')).toBe('false');
    await user.click(screen.getByRole('button', { name: 'Save schedule' }));
    await screen.findByText('Saved.');
    expect(api.settings).toMatchObject({ mode: 'interval', intervalHours: 24 });
  });

  it('tells a user who clears the hybrid window what to enter, and saves nothing', async () => {
    const { api, user } = await openMode(/smart hybrid/i);
    const window = screen.getByRole('spinbutton', { name: 'Window either side of each time (minutes)' });
    await user.clear(window);
    expect(await screen.findByText('Enter a number of minutes from 5 to 180.')).toBeTruthy();
    expect(window.getAttribute('aria-invalid')).toBe('true');
    await user.click(screen.getByRole('button', { name: 'Save schedule' }));
    expect(await screen.findByText('Fix the marked window before saving.')).toBeTruthy();
    expect(api.calls.some((c) => c.method === 'updateSettings')).toBe(false);
    // A number out of range is still told by the schema's bound.
    await user.type(window, '2');
    expect(await screen.findByText('Window either side of each time (minutes): at least 5.')).toBeTruthy();
  });

  it('switches back to adaptive', async () => {
    const { api, user } = await openMode(/every few hours/i);
    await user.click(screen.getByRole('button', { name: 'Save schedule' }));
    await screen.findByText('Saved.');
    await user.click(screen.getByRole('radio', { name: /adaptive/i }));
    await user.click(screen.getByRole('button', { name: 'Save schedule' }));
    await waitFor(() => expect(api.settings.mode).toBe('adaptive'));
  });

  it('pauses with each choice and resumes', async () => {
    const api = fakeAt();
    await api.enroll();
    const { user } = await renderPage(api, 'schedule');
    const pause = screen.getByRole('group', { name: 'Pause for' });
    await user.click(within(pause).getByRole('button', { name: '2 hours' }));
    expect(await screen.findAllByText(/Paused until today at 11:00/)).toHaveLength(2);
    await user.click(screen.getByRole('button', { name: 'Resume now' }));
    await user.click(await screen.findByRole('button', { name: 'Indefinitely' }));
    expect(await screen.findAllByText(/Paused until you resume/)).toHaveLength(2);
    expect(api.calls.filter((c) => c.method === 'pause').map((c) => c.input)).toEqual([{ minutes: 120 }, { indefinitely: true }]);
  });

  it('shows the frequency and what moves it', async () => {
    const api = fakeAt();
    await renderPage(api, 'schedule');
    expect(screen.getByText(/1\.00 mantras a day/)).toBeTruthy();
    expect(screen.getByText(/each missed mantra lowers it by 10 %/)).toBeTruthy();
  });
});

describe('Schedule: time zone', () => {
  it('shows times in the zone the user picks', async () => {
    const api = fakeAt();
    await api.enroll();
    const { user } = await renderPage(api, 'schedule');
    const zone = screen.getByRole('combobox', { name: 'Time zone' });
    await user.click(zone);
    await user.keyboard('tokyo');
    expect(screen.getByRole('status').textContent).toBe('1 time zone found');
    await user.keyboard('{ArrowDown}{ArrowUp}{Enter}');
    await waitFor(() => expect(api.settings.timeZone).toBe('Asia/Tokyo'));
    expect(await screen.findByText(/All times on these pages, and the fixed times, are in Asia\/Tokyo\./)).toBeTruthy();
    expect(screen.getByText(/^Next mantra (today|tomorrow) at 18:00/)).toBeTruthy();
  });
});

describe('Schedule: the time-zone picker', () => {
  it('lists current names grouped by region, finds old names, and goes back to the system zone', async () => {
    const api = fakeAt();
    const { user } = await renderPage(api, 'schedule');
    const zone = screen.getByRole('combobox', { name: 'Time zone' });
    expect((zone as HTMLInputElement).value).toBe('System (UTC)');
    await user.click(zone);
    const list = screen.getByRole('listbox', { name: 'Time zone' });
    expect(within(list).getByRole('group', { name: 'Asia' })).toBeTruthy();
    expect(within(list).queryByRole('option', { name: /Asia\/Calcutta/ })).toBeNull();
    await user.keyboard('calcutta');
    const found = within(list).getAllByRole('option');
    expect(found.map((o) => o.textContent)).toEqual(['Kolkata Asia/Kolkata']);
    expect(zone.getAttribute('aria-activedescendant')).toBe(found[0]?.id);
    await user.keyboard('{Enter}');
    await waitFor(() => expect(api.settings.timeZone).toBe('Asia/Kolkata'));
    expect(zone.getAttribute('aria-expanded')).toBe('false');

    await user.click(zone);
    await user.keyboard('kiev');
    expect(
      within(list)
        .getAllByRole('option')
        .map((o) => o.textContent),
    ).toEqual(['Kyiv Europe/Kyiv']);
    await user.keyboard('{Escape}');
    expect((zone as HTMLInputElement).value).toBe('Asia/Kolkata');

    await user.click(zone);
    await user.keyboard('{Home}');
    await user.click(within(list).getByRole('option', { name: /^System/ }));
    await waitFor(() => expect(api.settings.timeZone).toBeNull());
  }, 20_000); // jsdom redraws the ~420 options on each typed key
});

describe('Schedule: delivery mode form in German and Spanish', () => {
  it('labels the modes and flags a bad time in German', async () => {
    const api = fakeAt();
    await api.enroll();
    await api.updateSettings({ locale: 'de' });
    const { user } = await renderPage(api, 'schedule');
    await user.click(await screen.findByRole('radio', { name: /feste zeiten/i }));
    const first = screen.getByRole('textbox', { name: 'Uhrzeit 1' });
    await user.clear(first);
    await user.click(screen.getByRole('button', { name: 'Zeitplan speichern' }));
    expect(await screen.findByText('Gib eine Uhrzeit wie 09:30 ein oder entferne diese Zeile.')).toBeTruthy();
    expect(screen.getByText('Korrigiere vor dem Speichern die markierten Uhrzeiten.')).toBeTruthy();
  });

  it('describes the interval mode in Spanish', async () => {
    const api = fakeAt();
    await api.enroll();
    await api.updateSettings({ locale: 'es' });
    const { user } = await renderPage(api, 'schedule');
    await user.click(await screen.findByRole('radio', { name: /cada pocas horas/i }));
    const hours = screen.getByRole('spinbutton', { name: 'Horas entre mantras' });
    await user.clear(hours);
    await user.type(hours, '30');
    expect(await screen.findByText('Horas entre mantras: como máximo 24.')).toBeTruthy();
  });
});

describe('Schedule: the day around it, in German', () => {
  it('names quiet hours and the frequency range in German, with German numbers', async () => {
    const api = fakeAt();
    await api.enroll();
    await api.updateSettings({ locale: 'de' });
    await renderPage(api, 'schedule');
    expect(await screen.findByRole('heading', { name: 'Ruhezeiten' })).toBeTruthy();
    expect(screen.getByRole('button', { name: 'Ruhezeiten speichern' })).toBeTruthy();
    expect(screen.getByText(/Zwischen 0,33 und \d+(,\d+)? am Tag\./)).toBeTruthy();
    expect(screen.getByRole('button', { name: 'Bis dahin pausieren' })).toBeTruthy();
  });
});

describe('Schedule page in Spanish', () => {
  it('shows delivery, frequency and pause in Spanish with Spanish numbers', async () => {
    const api = fakeAt();
    await api.enroll();
    await api.updateSettings({ locale: 'es' });
    await renderPage(api, 'schedule');
    expect(await screen.findByRole('heading', { level: 1, name: 'Horario' })).toBeTruthy();
    expect(screen.getByRole('button', { name: 'Desactivar el envío' })).toBeTruthy();
    expect(screen.getByText('1,00 mantras al día')).toBeTruthy();
    expect(screen.getByText(/cada mantra perdido la baja un 10 %/)).toBeTruthy();
    const pauses = screen.getByRole('group', { name: 'Pausar durante' });
    expect(within(pauses).getByRole('button', { name: 'Hasta mañana' })).toBeTruthy();
  });
});

describe('Schedule: frequency range bounds', () => {
  it('words a bound with a local number and names the end once (Spanish and German)', async () => {
    const api = fakeAt();
    await api.enroll();
    await api.updateSettings({ locale: 'es' });
    const { user, unmount } = await renderPage(api, 'schedule');
    await user.click(await screen.findByRole('checkbox', { name: 'Mantener la frecuencia dentro de un rango que yo elija' }));
    const [min] = screen.getAllByRole('spinbutton', { name: 'De' });
    await user.clear(min!);
    await user.type(min!, '0');
    expect(await screen.findByText('Con qué frecuencia, límite inferior: como mínimo 0,33.')).toBeTruthy();
    unmount();

    await api.updateSettings({ locale: 'de' });
    const de = await renderPage(api, 'schedule');
    await de.user.click(await screen.findByRole('checkbox', { name: 'Die Häufigkeit in einem Bereich meiner Wahl halten' }));
    const [lower] = screen.getAllByRole('spinbutton', { name: 'Von' });
    await de.user.clear(lower!);
    await de.user.type(lower!, '5');
    const max = screen.getAllByRole('spinbutton', { name: 'bis' }).at(-1)!;
    await de.user.clear(max);
    await de.user.type(max, '2');
    expect(await screen.findByText('Wie oft: die Untergrenze darf nicht über der Obergrenze liegen.')).toBeTruthy();
    expect(screen.queryByText(/Mindestens:/)).toBeNull();
  });
});

describe('Schedule: quiet hours that overlap', () => {
  it('refuses a second copy of a window in German, names the one it repeats, and saves nothing', async () => {
    const api = fakeAt();
    await api.enroll();
    await api.updateSettings({ locale: 'de', quietHours: [{ from: '22:00', to: '07:00', days: 'all' }] });
    const { user } = await renderPage(api, 'schedule');
    // A new row starts as 22:00–07:00: a duplicate of the first.
    await user.click(await screen.findByRole('button', { name: 'Ruhezeit hinzufügen' }));
    expect(await screen.findByText('Wiederholt Stunden von Nr. 1: Eine der beiden bringt nichts, also entferne oder ändere sie.')).toBeTruthy();
    expect((screen.getByRole('button', { name: 'Ruhezeiten speichern' }) as HTMLButtonElement).disabled).toBe(true);
    expect(api.settings.quietHours).toHaveLength(1);
    // The engine refuses it too, with the named check, whatever sends it.
    await expect(
      api.updateSettings({
        quietHours: [
          { from: '22:00', to: '07:00', days: 'all' },
          { from: '23:00', to: '06:00', days: 'weekdays' },
        ],
      }),
    ).rejects.toMatchObject({
      issues: [expect.objectContaining({ path: ['quietHours', 1], check: 'quietOverlap', name: '1' })],
    });
  });
});

describe('Schedule: a quiet window the schema refuses', () => {
  it('names the end that is not a time, and says a window that starts where it ends in the validation words', async () => {
    const api = fakeAt();
    await api.enroll();
    await api.updateSettings({ quietHours: [{ from: '22:00', to: '07:00', days: 'all' }] });
    await renderPage(api, 'schedule');
    const quiet = await screen.findByRole('region', { name: 'Quiet hours' });
    const from = within(quiet).getByLabelText('From');
    const to = within(quiet).getByLabelText('to');
    const save = within(quiet).getByRole('button', { name: 'Save quiet hours' }) as HTMLButtonElement;
    fireEvent.change(to, { target: { value: '' } });
    expect(await within(quiet).findByText('Quiet hours, no. 1, end: must be a time of day such as 07:30 (00:00 to 23:59).')).toBeTruthy();
    // Only the end is marked: the start is a time.
    expect(to.getAttribute('aria-invalid')).toBe('true');
    expect(from.getAttribute('aria-invalid')).toBe('false');
    expect(save.disabled).toBe(true);
    fireEvent.change(to, { target: { value: '22:00' } });
    expect(await within(quiet).findByText('Start and end must be different times.')).toBeTruthy();
    expect(from.getAttribute('aria-invalid')).toBe('true');
    expect(save.disabled).toBe(true);
    fireEvent.change(to, { target: { value: '06:30' } });
    await waitFor(() => expect(save.disabled).toBe(false));
    expect(within(quiet).queryByText(/must/)).toBeNull();
    expect(api.settings.quietHours).toEqual([{ from: '22:00', to: '07:00', days: 'all' }]);
  });
});

describe('Schedule: pause until a date', () => {
  it('reads the date in the profile zone, refuses an empty or past one, and pauses until it', async () => {
    const api = fakeAt();
    await api.enroll();
    await api.updateSettings({ timeZone: 'America/New_York' });
    const { user } = await renderPage(api, 'schedule');
    const field = screen.getByLabelText('Pause until a date (vacation), in America/New_York');
    const button = screen.getByRole('button', { name: 'Pause until then' }) as HTMLButtonElement;
    fireEvent.change(field, { target: { value: '' } });
    expect(await screen.findByText('Choose a date and a time.')).toBeTruthy();
    expect(button.disabled).toBe(true);
    // T0 is 04:00 in New York.
    fireEvent.change(field, { target: { value: '2026-01-05T03:59' } });
    expect(await screen.findByText('Choose a time in the future.')).toBeTruthy();
    expect(button.disabled).toBe(true);
    fireEvent.change(field, { target: { value: '2026-01-12T18:00' } });
    await waitFor(() => expect(button.disabled).toBe(false));
    await user.click(button);
    await waitFor(() => expect(api.calls.find((c) => c.method === 'pause')?.input).toEqual({ until: Date.UTC(2026, 0, 12, 23, 0) }));
  });
});
