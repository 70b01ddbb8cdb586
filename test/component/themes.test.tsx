import { screen, waitFor, within } from '@testing-library/react';
import { describe, expect, it } from 'vitest';
import { ApiError } from '../../shared/api.js';
import { i18n } from '../../renderer/i18n';
import { fakeAt, renderPage } from './render-app';

function file(name: string, text: string): File {
  return new File([text], name, { type: 'application/json' });
}

const GOOD_PACK = JSON.stringify({
  format: 'mantra-theme-pack',
  version: 1,
  name: 'Test pack',
  themes: [{ id: 'sea', name: 'Sea', description: 'Waves.', mantras: [{ text: 'Breathe like the tide.', difficulty: 'easy' }] }],
});

describe('Themes page', () => {
  it('refuses a bad theme pack, says what is wrong, and changes nothing', async () => {
    const api = fakeAt();
    const { user } = await renderPage(api, 'themes');
    const before = (await api.listThemes()).length;
    const bad = JSON.stringify({ format: 'mantra-theme-pack', version: 1, name: 'Bad', themes: [{ id: 'Bad Id', name: 'X', description: '', mantras: [{ text: 'Hi {verb}', difficulty: 'easy' }] }] });
    await user.upload(screen.getByLabelText('Theme pack file (.json)'), file('bad.json', bad));
    const alert = await screen.findByText(/“bad\.json” was not imported, and nothing was changed/);
    const box = alert.closest('[role="alert"]') as HTMLElement;
    expect(within(box).getByText(/themes\[0\]\.id: must be kebab-case/)).toBeTruthy();
    expect(within(box).getByText(/unknown placeholder \{verb\}/)).toBeTruthy();
    expect((await api.listThemes()).length).toBe(before);
  });

  it('says when a file is not JSON at all', async () => {
    const api = fakeAt();
    const { user } = await renderPage(api, 'themes');
    await user.upload(screen.getByLabelText('Theme pack file (.json)'), file('notes.json', 'hello'));
    expect(await screen.findByText(/^The file is not JSON \(the parser says: “.+”\)\.$/)).toBeTruthy();
  });

  it('says nothing changed when the host refuses the file itself', async () => {
    const api = fakeAt();
    api.failNext('importThemePack', new ApiError('invalid input for importThemePack: json: a theme pack file is at most 2 MB', 'invalid-input'));
    const { user } = await renderPage(api, 'themes');
    await user.upload(screen.getByLabelText('Theme pack file (.json)'), file('big.json', '{}'));
    expect(await screen.findByText('That was not accepted: json: a theme pack file is at most 2 MB. Nothing was changed.')).toBeTruthy();
  });

  it('marks an imported first-person theme: its mantras say "I" whatever the names', async () => {
    const api = fakeAt();
    const { user } = await renderPage(api, 'themes');
    const pack = JSON.stringify({
      format: 'mantra-theme-pack',
      version: 1,
      name: 'Diary',
      themes: [{ id: 'diary', name: 'Diary', description: 'In my own words.', voice: 'first-person', mantras: [{ text: 'I write one honest line.', difficulty: 'easy' }] }],
    });
    await user.upload(screen.getByLabelText('Theme pack file (.json)'), file('diary.json', pack));
    expect(await screen.findByText(/Imported the theme diary/)).toBeTruthy();
    const diary = await screen.findByRole('checkbox', { name: /Diary/ });
    expect(diary.closest('label')?.textContent).toContain('says “I”');
    expect(screen.getByRole('checkbox', { name: /Focus/ }).closest('label')?.textContent).not.toContain('says “I”');
  });

  it('imports a good pack and lists its theme', async () => {
    const api = fakeAt();
    const { user } = await renderPage(api, 'themes');
    await user.upload(screen.getByLabelText('Theme pack file (.json)'), file('sea.json', GOOD_PACK));
    expect(await screen.findByText(/Imported the theme sea/)).toBeTruthy();
    expect(await screen.findByRole('checkbox', { name: /Sea/ })).toBeTruthy();
  });

  it("marks an imported pack's name and description with the pack's language, as onboarding does", async () => {
    const api = fakeAt();
    const { user } = await renderPage(api, 'themes');
    const pack = JSON.stringify({
      format: 'mantra-theme-pack',
      version: 1,
      name: 'Meer',
      language: 'de',
      themes: [{ id: 'meer', name: 'Meer', description: 'Wellen.', mantras: [{ text: 'Atme wie die Flut.', difficulty: 'easy' }] }],
    });
    await user.upload(screen.getByLabelText('Theme pack file (.json)'), file('meer.json', pack));
    const label = (await screen.findByRole('checkbox', { name: /^Meer/ })).closest('label') as HTMLElement;
    expect(within(label).getByText('Meer').getAttribute('lang')).toBe('de');
    expect(within(label).getByText('Wellen.').getAttribute('lang')).toBe('de');
    expect(screen.getByRole('option', { name: 'Meer' }).getAttribute('lang')).toBe('de');
    // A shipped theme is worded in the window's language, so it needs no mark of its own.
    const focus = (screen.getByRole('checkbox', { name: /^Focus/ }).closest('label') as HTMLElement).querySelectorAll('[lang]');
    expect(focus).toHaveLength(0);
  });

  it('enables themes but never the last one off', async () => {
    const api = fakeAt();
    const { user } = await renderPage(api, 'themes');
    await user.click(await screen.findByRole('checkbox', { name: /Gratitude/ }));
    await waitFor(() => expect(api.settings.themes).toEqual(['focus', 'calm', 'gratitude']));
    // The same note as the other forms, inside the themes fieldset.
    const themes = screen.getByRole('group', { name: 'Themes to draw from' });
    expect(await within(themes).findByText('Saved.')).toBeTruthy();
    await user.click(screen.getByRole('checkbox', { name: /Focus/ }));
    await user.click(screen.getByRole('checkbox', { name: /Calm/ }));
    await waitFor(() => expect(api.settings.themes).toEqual(['gratitude']));
    await user.click(screen.getByRole('checkbox', { name: /Gratitude/ }));
    expect(await screen.findByText(/Keep at least one theme checked/)).toBeTruthy();
    expect(api.settings.themes).toEqual(['gratitude']);
  });

  it('validates and saves the names, with a live example', async () => {
    const api = fakeAt();
    const { user } = await renderPage(api, 'themes');
    const subject = screen.getByLabelText('You are called');
    await user.clear(subject);
    expect(screen.getByText('Must not be empty.')).toBeTruthy();
    expect((screen.getByRole('button', { name: 'Save names' }) as HTMLButtonElement).disabled).toBe(true);
    await user.type(subject, 'Sam');
    // "Sam" with the default "my future self" would read as two people.
    expect(screen.getByRole('note').textContent).toBe('“my future self” speaks as “I”, but “Sam” is a name: mantras would mix the two. Try “Sam’s future self”.');
    const controller = screen.getByLabelText('Mantras speak of');
    await user.clear(controller);
    await user.type(controller, 'the team');
    const sample = screen.getByText('Sam will spend the next hour on what matters most to the team.');
    expect(sample.tagName).toBe('Q');
    expect(sample.getAttribute('lang')).toBe('en');
    expect(sample.parentElement?.textContent).toMatch(/^Example: Sam will spend/);
    expect(screen.queryByRole('note')).toBeNull();
    await user.click(screen.getByRole('button', { name: 'Save names' }));
    await waitFor(() => expect(api.settings).toMatchObject({ subject: 'Sam', controller: 'the team' }));
  });

  it('previews a theme and marks a favorite from it', async () => {
    const api = fakeAt();
    const { user } = await renderPage(api, 'themes');
    await screen.findByRole('option', { name: 'Calm' });
    await user.selectOptions(screen.getByLabelText('Theme'), 'calm');
    const star = await screen.findByRole('button', { name: /^Favorite: Breathe in/ });
    await user.click(star);
    await waitFor(() => expect(api.settings.favorites).toHaveLength(1));
    const favorites = screen.getByRole('heading', { name: 'Favorites' }).closest('section') as HTMLElement;
    expect(within(favorites).getByText(/^Breathe in/)).toBeTruthy();
  });

  it('speaks German when the profile asks for it: headings, labels and a refused pack', async () => {
    const api = fakeAt();
    await api.updateSettings({ locale: 'de' });
    try {
      const { user } = await renderPage(api, 'themes');
      expect(await screen.findByRole('group', { name: 'Themen, aus denen Mantras kommen' })).toBeTruthy();
      expect(screen.getByRole('heading', { name: 'Namen in Mantras' })).toBeTruthy();
      await user.upload(screen.getByLabelText('Themenpaket-Datei (.json)'), file('notes.json', 'hello'));
      expect(await screen.findByText(/^„notes\.json“ wurde nicht importiert, und es wurde nichts geändert\./)).toBeTruthy();
      // The example is a shipped (English) mantra, said to be English; the clash warning and name checks are German.
      const subject = screen.getByLabelText('Du heißt');
      await user.clear(subject);
      expect(screen.getByText('Darf nicht leer sein.')).toBeTruthy();
      await user.type(subject, 'Sam');
      expect(screen.getByRole('note').textContent).toBe('„my future self“ spricht als „ich“, aber „Sam“ ist ein Name: Die Mantras würden beides vermischen. Versuch es mit „Sam’s future self“.');
      const sample = screen.getByText('Sam will spend the next hour on what matters most to my future self.');
      expect(sample.getAttribute('lang')).toBe('en');
      expect(sample.parentElement?.textContent).toMatch(/^Beispiel \(die Mantras sind auf Englisch\): Sam will/);
      const controller = screen.getByLabelText('Mantras sprechen von');
      await user.clear(controller);
      await user.type(controller, 'mein zukünftiges Ich');
      expect(screen.getByRole('note').textContent).toMatch(/^„mein zukünftiges Ich“ spricht als „ich“/);
    } finally {
      await i18n.changeLanguage('en');
    }
  });

  it('names the shipped themes in Spanish by id, and an imported pack keeps its own words', async () => {
    const api = fakeAt();
    await api.updateSettings({ locale: 'es' });
    try {
      const { user } = await renderPage(api, 'themes');
      const focus = await screen.findByRole('checkbox', { name: /^Enfoque/ });
      expect(focus.closest('label')?.textContent).toContain('Atención a una sola cosa cada vez.');
      expect(screen.queryByText('Attention on one thing at a time.')).toBeNull();
      expect(screen.getByRole('option', { name: 'Calma' })).toBeTruthy();
      await user.upload(screen.getByLabelText(/\(\.json\)$/), file('sea.json', GOOD_PACK));
      const sea = await screen.findByRole('checkbox', { name: /^Sea/ });
      expect(sea.closest('label')?.textContent).toContain('Waves.');
    } finally {
      await i18n.changeLanguage('en');
    }
  });

  it('has German words for every shipped theme', async () => {
    const { DEFAULT_THEME_PACK } = await import('../../shared/themes.js');
    const { de } = await import('../../shared/i18n/de.js');
    expect(Object.keys(de.builtInThemes).sort()).toEqual(DEFAULT_THEME_PACK.themes.map((x) => x.id).sort());
    expect(de.builtInThemes.focus).toEqual({ name: 'Fokus', description: 'Die Aufmerksamkeit bei einer Sache nach der anderen.' });
  });

  it("words a bad pack's problems in German from the structured issues; only the JSON parser's text is quoted", async () => {
    const api = fakeAt();
    await api.updateSettings({ locale: 'de' });
    try {
      const { user } = await renderPage(api, 'themes');
      const field = await screen.findByLabelText('Themenpaket-Datei (.json)');
      await user.upload(field, file('bad.json', JSON.stringify({ format: 'x', version: 1, name: 'Bad', extra: 1 })));
      const box = (await screen.findByText(/^„bad\.json“ wurde nicht importiert/)).closest('[role="alert"]') as HTMLElement;
      const lines = within(box)
        .getAllByRole('listitem')
        .map((li) => li.textContent);
      expect(lines).toEqual(expect.arrayContaining(['format: muss eines davon sein: mantra-theme-pack.', 'themes: fehlt.', 'Unbekannter Schlüssel "extra".']));
      expect(box.textContent).not.toMatch(/is required|Unrecognized key|must be/);
      await user.upload(field, file('notes.json', 'hello'));
      const notJson = (await screen.findByText(/^„notes\.json“ wurde nicht importiert/)).closest('[role="alert"]') as HTMLElement;
      expect(within(notJson).getByRole('listitem').textContent).toMatch(/^Die Datei ist kein JSON \(der Parser meldet: „.+“\)\.$/);
    } finally {
      await i18n.changeLanguage('en');
    }
  });
});
