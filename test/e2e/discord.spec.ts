/** The Discord form against the real host: a saved token never comes back to the page. */
import type { Page } from '@playwright/test';
import { apiCaller, apiText, expect, openApp, shot, test, type Host } from './host.js';

const TOKEN = 'MTE5ODc2NTQzMjEwOTg3NjU0.e2e-test-token.never-shown';

/** Opens the Discord page (the test is skipped when the host has no mirror) and saves TOKEN with a user ID. */
async function saveToken(page: Page, host: Host): Promise<void> {
  await openApp(page, host, 'discord');
  const detail = (JSON.parse(await apiText(page, host, 'getSnapshot')) as { value: { discord: { detail: string } } }).value.discord.detail;
  test.skip(/not available/i.test(detail), `the host has no Discord mirror attached yet ("${detail}")`);
  await page.getByLabel('Bot token').fill(TOKEN);
  await page.getByLabel('Your Discord user ID').fill('123456789012345678');
  await page.getByText('Advanced').click();
  // Nothing listens there: the connection fails fast instead of reaching for discord.com.
  await page.getByLabel('Discord API base URL').fill('http://127.0.0.1:9/api');
  await page.getByRole('button', { name: 'Save' }).click();
}

test('a saved bot token is never shown again, anywhere the page can read', async ({ page, host }) => {
  await saveToken(page, host);
  await expect(page.getByText(/A token is (stored \(encrypted\)|stored in the desktop keyring|kept in memory only)/)).toBeVisible();
  await expect(page.getByLabel('Bot token')).toHaveValue('');
  await page.reload();
  await expect(page.getByText(/A token is (stored \(encrypted\)|stored in the desktop keyring|kept in memory only)/)).toBeVisible();
  expect(await page.content()).not.toContain(TOKEN);
  const snapshot = await apiText(page, host, 'getSnapshot');
  expect(snapshot).not.toContain(TOKEN);
  expect(snapshot).toContain('"hasToken":true');
  await shot(page, 'discord-token-stored');
});

test('mirroring turned off stays off after a reload, keeps the token, and turns back on', async ({ page, host }) => {
  await saveToken(page, host);
  await expect(page.getByRole('status').filter({ hasText: 'Saved.' })).toBeVisible();

  const mirror = page.getByRole('switch', { name: 'Mirror mantras to Discord' });
  await expect(mirror).toBeChecked();
  await mirror.click();
  await expect(mirror).not.toBeChecked();
  await expect(page.getByText('The Discord mirror is turned off.')).toBeVisible();
  await expect(page.getByRole('button', { name: 'Send a test DM' })).toBeDisabled();

  await page.reload();
  await expect(page.getByRole('switch', { name: 'Mirror mantras to Discord' })).not.toBeChecked();
  await expect(page.getByText('The Discord mirror is turned off.')).toBeVisible();
  await expect(page.getByText(/A token is (stored \(encrypted\)|stored in the desktop keyring|kept in memory only)/)).toBeVisible();
  await shot(page, 'discord-mirroring-off');

  await page.getByRole('switch', { name: 'Mirror mantras to Discord' }).click();
  await expect(page.getByRole('switch', { name: 'Mirror mantras to Discord' })).toBeChecked();
  await expect(page.getByText('The Discord mirror is turned off.')).toHaveCount(0);
});

test('in German the connection sentence is German: no token yet, then a login that cannot reach Discord', async ({ page, host, request }) => {
  await apiCaller(request, host)('updateSettings', { locale: 'de' });
  await openApp(page, host, 'discord');
  const detail = (JSON.parse(await apiText(page, host, 'getSnapshot')) as { value: { discord: { detail: string } } }).value.discord.detail;
  test.skip(/not available/i.test(detail), `the host has no Discord mirror attached yet ("${detail}")`);
  await expect(page.getByText('Kein Bot-Token: Lege im Discord Developer Portal einen Bot an und füge sein Token ein.')).toBeVisible();
  await page.getByLabel('Bot-Token').fill(TOKEN);
  await page.getByLabel('Deine Discord-Nutzer-ID').fill('123456789012345678');
  await page.getByText('Erweitert').click();
  // Nothing listens there: the login fails fast, and the page says so in German with the system's reason inside.
  await page.getByLabel('Basis-URL der Discord-API').fill('http://127.0.0.1:9/api');
  await page.getByRole('button', { name: 'Speichern' }).click();
  const retrying = page.getByText(/^Discord ist nicht erreichbar \(.+\); neuer Versuch in \d+ s \(Versuch \d+\)\.$/);
  await expect(retrying).toBeVisible();
  await expect(page.getByRole('main')).not.toContainText(/Could not reach|trying again|No bot token/);
  await shot(page, 'discord-status-de');
});
