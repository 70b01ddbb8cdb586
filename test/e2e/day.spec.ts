/** The user's day against the real host: quiet hours, smart hybrid, how often, vacation, snooze. */
import { expect, openApp, shot, test } from './host.js';
import type { Page } from '@playwright/test';

const nextLine = (page: Page) => page.getByRole('region', { name: 'Next delivery' }).locator('strong').first();
const quietRegion = (page: Page) => page.getByRole('region', { name: 'Quiet hours' });

async function addQuietHours(page: Page, from: string, to: string) {
  const quiet = quietRegion(page);
  await quiet.getByRole('button', { name: 'Add quiet hours' }).click();
  const index = (await quiet.getByRole('button', { name: /^Remove quiet window/ }).count()) - 1;
  await quiet.getByLabel('From').nth(index).fill(from);
  await quiet.getByLabel('to', { exact: true }).nth(index).fill(to);
  await quiet.getByRole('button', { name: 'Save quiet hours' }).click();
  await expect(quiet.getByRole('status').filter({ hasText: 'Saved.' })).toBeVisible();
}

test('quiet hours that cover now hold the next mantra until they end, and survive a reload', async ({ page, host }) => {
  await openApp(page, host, 'schedule');
  await page.getByRole('button', { name: 'Turn delivery on' }).click();
  // 00:00-23:59 covers now (unless the test runs in the last minute of a day).
  await addQuietHours(page, '00:00', '23:59');
  await expect(quietRegion(page).getByText(/^Quiet now, until (today|tomorrow) at 23:59\.$/)).toBeVisible();
  await expect(nextLine(page)).toHaveText(/^Next mantra (today|tomorrow) at 23:59 /);
  await shot(page, 'schedule-quiet-hours');
  await page.reload();
  await expect(quietRegion(page).getByLabel('From').first()).toHaveValue('00:00');
  await expect(quietRegion(page).getByRole('combobox', { name: 'Days of window 1' })).toHaveValue('all');
  await page.goto(page.url().replace('#/schedule', '#/answer'));
  await expect(page.getByText(/^Quiet hours until (today|tomorrow) at 23:59: nothing is sent before then\.$/)).toBeVisible();
});

test('a fixed time inside quiet hours is listed as skipped', async ({ page, host }) => {
  await openApp(page, host, 'schedule');
  await page.getByRole('radio', { name: /Fixed times/ }).check();
  await page.getByRole('button', { name: 'Save schedule' }).click();
  await addQuietHours(page, '13:00', '15:00');
  const today = page.getByRole('list', { name: "Today's times" });
  await expect(today.getByRole('listitem')).toHaveText(['09:00', '14:00 — skipped: inside quiet hours', '19:00']);
  await expect(quietRegion(page).getByText('Skipped every day because quiet hours cover it: 14:00.')).toBeVisible();
});

test('smart hybrid: anchors and a window save, and today shows where each goes', async ({ page, host }) => {
  await openApp(page, host, 'schedule');
  await page.getByRole('radio', { name: /Smart hybrid/ }).check();
  const window = page.getByRole('spinbutton', { name: 'Window either side of each time (minutes)' });
  await window.fill('');
  await expect(page.getByText('Enter a number of minutes from 5 to 180.')).toBeVisible();
  await window.fill('200');
  await expect(page.getByText('Window either side of each time (minutes): at most 180.')).toBeVisible();
  await window.fill('30');
  await page.getByRole('button', { name: 'Save schedule' }).click();
  await expect(page.getByRole('status').filter({ hasText: 'Saved.' }).first()).toBeVisible();
  // A fresh curve is flat, so each delivery stays at its anchor.
  await expect(page.getByRole('list', { name: "Today's times" }).getByRole('listitem')).toHaveText([
    '09:00 → 09:00 (the best-learned moment within ±30 min)',
    '14:00 → 14:00 (the best-learned moment within ±30 min)',
    '19:00 → 19:00 (the best-learned moment within ±30 min)',
  ]);
  await shot(page, 'schedule-hybrid');
  await page.reload();
  await expect(page.getByRole('radio', { name: /Smart hybrid/ })).toBeChecked();
  await expect(page.getByRole('spinbutton', { name: 'Window either side of each time (minutes)' })).toHaveValue('30');
});

test('how often: a range of 2-4 a day starts a new profile at 2; an upside-down range is refused', async ({ page, host }) => {
  await openApp(page, host, 'schedule');
  const freq = page.getByRole('region', { name: 'Frequency' });
  await expect(freq.locator('strong').first()).toHaveText('1.00 mantras a day');
  await freq.getByRole('checkbox', { name: 'Keep the frequency within a range I choose' }).check();
  await freq.getByRole('spinbutton', { name: 'From' }).fill('5');
  await freq.getByRole('spinbutton', { name: 'to' }).fill('2');
  await expect(freq.getByText(/the lowest must not be above the highest/)).toBeVisible();
  await expect(freq.getByRole('button', { name: 'Save how often' })).toBeDisabled();
  await freq.getByRole('spinbutton', { name: 'From' }).fill('2');
  await freq.getByRole('spinbutton', { name: 'to' }).fill('4');
  await freq.getByRole('button', { name: 'Save how often' }).click();
  await expect(freq.locator('strong').first()).toHaveText('2.00 mantras a day');
  await expect(freq.getByText(/It stays between 2 and 4 a day\./)).toBeVisible();
});

test('vacation: pause until a date from the date picker; the Answer page says until when', async ({ page, host }) => {
  await openApp(page, host, 'schedule');
  await page.getByRole('button', { name: 'Turn delivery on' }).click();
  const next = new Date().getUTCFullYear() + 1;
  await page.getByLabel(/^Pause until a date \(vacation\)/).fill(`${next}-01-10T08:30`);
  await page.getByRole('button', { name: 'Pause until then' }).click();
  await expect(nextLine(page)).toHaveText(new RegExp(`^Paused until .*10 Jan.* 08:30\\.$`));
  await page.goto(page.url().replace('#/schedule', '#/answer'));
  await expect(page.getByText(/^Delivery is paused until/)).toContainText(/10 Jan.*08:30/);
  await shot(page, 'answer-vacation');
});

test('snooze from the answer page: the mantra stays, its deadline moves, and it says until when', async ({ page, host }) => {
  await openApp(page, host);
  await page.getByRole('button', { name: 'Turn delivery on' }).click();
  await page.getByRole('button', { name: 'Deliver now' }).click();
  const mantra = await page.locator('.mantra-text').first().textContent();
  const snooze = page.getByRole('group', { name: 'Snooze' });
  await expect(snooze.getByRole('button')).toHaveText(['10 min', '30 min', '1 hour']);
  await snooze.getByRole('button', { name: '10 min' }).click();
  await expect(page.getByText(/^Snoozed until today at \d\d:\d\d\. It comes back then; you can still answer now\.$|^Snoozed until tomorrow/)).toBeVisible();
  await expect(page.locator('.mantra-text').first()).toHaveText(mantra ?? '');
  await shot(page, 'answer-snoozed');
});
