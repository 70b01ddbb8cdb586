/** Theme packs against the real host: a bad file is refused with its problems and changes nothing. */
import { expect, openApp, shot, test } from './host.js';

const BAD_PACK = JSON.stringify({
  format: 'mantra-theme-pack',
  version: 2,
  name: 'Broken pack',
  themes: [{ id: 'Night Owl', name: 'Night owl', description: 'Late.', mantras: [{ text: 'I {verb} at night.', difficulty: 'easy' }] }],
});

const GOOD_PACK = JSON.stringify({
  format: 'mantra-theme-pack',
  version: 1,
  name: 'Sea pack',
  themes: [{ id: 'sea', name: 'Sea', description: 'Waves and tides.', mantras: [{ text: 'Breathe like the tide.', difficulty: 'easy' }] }],
});

test('importing a bad theme pack shows what is wrong and changes nothing', async ({ page, host }) => {
  await openApp(page, host, 'themes');
  const themes = page.getByRole('group', { name: 'Themes to draw from' }).getByRole('checkbox');
  await expect(themes.first()).toBeVisible();
  const before = await themes.count();

  const input = page.getByLabel('Theme pack file (.json)');
  await input.setInputFiles({ name: 'broken.json', mimeType: 'application/json', buffer: Buffer.from(BAD_PACK) });
  const alert = page.getByRole('alert').filter({ hasText: '“broken.json” was not imported, and nothing was changed.' });
  await expect(alert).toBeVisible();
  await expect(alert).toContainText('version');
  await expect(alert).toContainText('kebab-case');
  await expect(alert).toContainText('{verb}');
  // "I ..." in a theme not marked first-person would not fit a user called Alex.
  await expect(alert).toContainText('says "I", which does not fit every name');
  await shot(page, 'themes-bad-pack');
  await page.reload();
  await expect(themes).toHaveCount(before);

  await input.setInputFiles({ name: 'not-json.json', mimeType: 'application/json', buffer: Buffer.from('{ nope') });
  await expect(
    page
      .getByRole('alert')
      .filter({ hasText: 'not-json.json' })
      .or(page.getByRole('alert').filter({ hasText: /JSON/ }))
      .first(),
  ).toBeVisible();

  await input.setInputFiles({ name: 'sea.json', mimeType: 'application/json', buffer: Buffer.from(GOOD_PACK) });
  await expect(page.getByText(/Imported the theme sea/)).toBeVisible();
  await expect(themes).toHaveCount(before + 1);
  await page.getByRole('checkbox', { name: /Sea/ }).check();
  await expect(page.getByRole('checkbox', { name: /Sea/ })).toBeChecked();
});
