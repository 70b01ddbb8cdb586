/** Delivery modes against the real host: each mode saves and moves the next delivery; a bad time is refused. */
import { apiText, expect, openApp, shot, test } from './host.js';
import type { Page } from '@playwright/test';

async function save(page: Page) {
  await page.getByRole('button', { name: 'Save schedule' }).click();
  await expect(page.getByRole('status').filter({ hasText: 'Saved.' })).toBeVisible();
}

const nextLine = (page: Page) => page.getByRole('region', { name: 'Next delivery' }).locator('strong').first();

test('switch to each mode and see the next delivery follow', async ({ page, host }) => {
  await openApp(page, host, 'schedule');
  await page.getByRole('button', { name: 'Turn delivery on' }).click();
  await expect(nextLine(page)).toHaveText(/^Next mantra today at \d\d:\d\d \(in \d+ s\)\.|^Next mantra today at \d\d:\d\d \(now\)\./);

  await page.getByRole('radio', { name: /Every few hours/ }).check();
  const hours = page.getByRole('spinbutton', { name: 'Hours between mantras' });
  await hours.fill('6');
  await save(page);
  await expect(nextLine(page)).toHaveText(/\(in (5 h 5\d min|6 h)\)\.$/);

  await page.getByRole('radio', { name: /Fixed times/ }).check();
  await page.getByRole('textbox', { name: 'Time 1' }).fill('23:59');
  await page.getByRole('button', { name: /^Remove time 3/ }).click();
  await page.getByRole('button', { name: /^Remove time 2/ }).click();
  await save(page);
  await expect(nextLine(page)).toHaveText(/^Next mantra (today|tomorrow) at 23:59 /);
  await shot(page, 'schedule-fixed-saved');

  await page.getByRole('radio', { name: /Adaptive/ }).check();
  await save(page);
  await page.reload();
  await expect(page.getByRole('radio', { name: /Adaptive/ })).toBeChecked();
  await expect(nextLine(page)).toHaveText(/^Next mantra /);
});

test('an invalid fixed time shows the error and is not saved', async ({ page, host }) => {
  await openApp(page, host, 'schedule');
  await page.getByRole('radio', { name: /Fixed times/ }).check();
  const first = page.getByRole('textbox', { name: 'Time 1' });
  await first.fill('24:00');
  await expect(page.getByText('Must be a time of day such as 07:30 (00:00 to 23:59).')).toBeVisible();
  await expect(first).toHaveAttribute('aria-invalid', 'true');
  await page.getByRole('button', { name: 'Save schedule' }).click();
  await expect(page.getByText('Fix the marked times before saving.')).toBeVisible();
  await shot(page, 'schedule-invalid-time');
  await page.reload();
  await expect(page.getByRole('radio', { name: /Adaptive/ })).toBeChecked();
});

test('an interval outside 1-24 hours is refused inline', async ({ page, host }) => {
  await openApp(page, host, 'schedule');
  await page.getByRole('radio', { name: /Every few hours/ }).check();
  const hours = page.getByRole('spinbutton', { name: 'Hours between mantras' });
  await hours.fill('25');
  await expect(page.getByText('Hours between mantras: at most 24.')).toBeVisible();
  await hours.fill('0');
  await expect(page.getByText('Hours between mantras: at least 1.')).toBeVisible();
});

test('pause for an hour, then resume', async ({ page, host }) => {
  await openApp(page, host, 'schedule');
  await page.getByRole('button', { name: 'Turn delivery on' }).click();
  await page.getByRole('group', { name: 'Pause for' }).getByRole('button', { name: '1 hour' }).click();
  await expect(nextLine(page)).toHaveText(/^Paused until today|^Paused until tomorrow/);
  await page.getByRole('button', { name: 'Resume now' }).click();
  await expect(nextLine(page)).toHaveText(/^Next mantra /);
});

test('desktop settings: notifications off persists after a reload; tray-only settings are disabled with the reason', async ({ page, host }) => {
  await openApp(page, host, 'schedule');
  const desktop = page.getByRole('region', { name: 'Desktop' });
  const notifications = desktop.getByRole('switch', { name: 'Show a notification' });
  await expect(notifications).toBeChecked();
  await expect(notifications).toBeEnabled();
  await notifications.click();
  await expect(notifications).not.toBeChecked();
  await expect(notifications).toBeFocused();
  await expect.poll(async () => (JSON.parse(await apiText(page, host, 'getSnapshot')) as { value: { settings: { notifications: boolean } } }).value.settings.notifications).toBe(false);

  await page.reload();
  await expect(page.getByText(/Loading Mantra's state/)).toHaveCount(0);
  await expect(desktop.getByRole('switch', { name: 'Show a notification' })).not.toBeChecked();

  // The headless host: the tray app's settings are shown, disabled, with why.
  await expect(desktop.getByText(/Mantra runs here as mantra serve, in a browser/)).toBeVisible();
  for (const name of ['Open the answer window', 'Only while I am at the computer', 'Start Mantra when I log in']) {
    const control = desktop.getByRole('switch', { name });
    await expect(control).toBeDisabled();
    await expect(control).toHaveAccessibleDescription(/Only the tray app/);
  }
  const idle = desktop.getByRole('spinbutton', { name: 'Away after this many idle minutes' });
  await expect(idle).toBeDisabled();
  await expect(idle).toHaveAccessibleDescription(/Only the tray app can tell whether you are at the computer/);
  await desktop.scrollIntoViewIfNeeded();
  await shot(page, 'schedule-desktop-headless');

  await notifications.click();
  await expect(notifications).toBeChecked();
  await page.reload();
  await expect(page.getByRole('region', { name: 'Desktop' }).getByRole('switch', { name: 'Show a notification' })).toBeChecked();
});
