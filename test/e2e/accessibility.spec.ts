/**
 * axe on every page, light and dark (serious and critical violations fail), and the main
 * flows with the keyboard only: the walk-through and the settings on each page (answering with
 * the keyboard alone is in answer-flow.spec.ts).
 */
import type { Locator, Page } from '@playwright/test';
import { expectAccessible } from './axe.js';
import { apiCaller, expect, openApp, test } from './host.js';

const PAGES = ['welcome', 'answer', 'schedule', 'curve', 'stats', 'themes', 'discord'] as const;

/** Presses Tab until `target` has the focus, as a keyboard user would (fails after `max` presses). */
async function tabTo(page: Page, target: Locator, max = 60): Promise<void> {
  for (let i = 0; i < max; i++) {
    if (await target.evaluate((el) => el === el.ownerDocument.activeElement)) return;
    await page.keyboard.press('Tab');
  }
  throw new Error(`Tab never reached ${target.toString()}`);
}

for (const scheme of ['light', 'dark'] as const) {
  test(`every page has no serious or critical axe violation (${scheme})`, async ({ browser, host, request }) => {
    test.setTimeout(90_000);
    const call = apiCaller(request, host);
    // History for the charts, then a mantra waiting.
    await call('enroll');
    const snap = await call('deliverNow');
    await call('answer', { text: snap.status?.mantra?.text ?? '' });
    await call('deliverNow');

    const context = await browser.newContext({ colorScheme: scheme, locale: 'en-GB' });
    const page = await context.newPage();
    await openApp(page, host, 'answer');
    for (const id of PAGES) {
      await page.goto(`${host.origin}/#/${id}`);
      await expect(page.getByRole('heading', { level: 1 })).toBeVisible();
      await expect(page.getByRole('status').filter({ hasText: /^Loading/ })).toHaveCount(0);
      await expectAccessible(page, `${id} (${scheme})`);
    }
    await context.close();
  });
}

test('keyboard only: the walk-through, skipped and taken again', async ({ page, host }) => {
  await page.goto(host.url);
  await expect(page.getByRole('heading', { level: 2, name: 'Welcome to Mantra' })).toBeVisible();
  await tabTo(page, page.getByRole('button', { name: 'Next' }));
  await page.keyboard.press('Enter');
  // The focus moves to the new step's heading; the first theme is the next stop.
  await expect(page.getByRole('heading', { level: 2, name: 'What should your mantras be about?' })).toBeFocused();
  await tabTo(page, page.getByRole('button', { name: 'Skip setup' }));
  await page.keyboard.press('Enter');
  await expect(page.getByRole('heading', { level: 1, name: 'Answer' })).toBeVisible();
});

test('keyboard only: every setting on Schedule, Themes and Discord', async ({ page, host }) => {
  test.setTimeout(60_000);
  await openApp(page, host, 'schedule');

  // Delivery mode: arrow keys move between the radios, Enter submits the form.
  const adaptive = page.getByRole('radio', { name: /^Adaptive/ });
  await tabTo(page, adaptive);
  await page.keyboard.press('ArrowDown');
  await expect(page.getByRole('radio', { name: /^Every few hours/ })).toBeChecked();
  await tabTo(page, page.getByRole('spinbutton', { name: 'Hours between mantras' }));
  await page.keyboard.press('Control+A');
  await page.keyboard.type('3');
  await page.keyboard.press('Enter');
  await expect(page.getByText('Saved.').first()).toBeVisible();

  // Pause and resume.
  await tabTo(page, page.getByRole('button', { name: 'Turn delivery on' }));
  await page.keyboard.press('Enter');
  await tabTo(page, page.getByRole('group', { name: 'Pause for' }).getByRole('button', { name: '1 hour' }));
  await page.keyboard.press('Enter');
  await tabTo(page, page.getByRole('button', { name: 'Resume now' }));
  await page.keyboard.press('Enter');
  await expect(page.getByRole('group', { name: 'Pause for' })).toBeVisible();

  // A desktop switch: Space toggles it.
  const notify = page.getByRole('switch', { name: 'Show a notification' });
  await tabTo(page, notify);
  await page.keyboard.press('Space');
  await expect(notify).not.toBeChecked();

  // Language: the select follows the arrow keys and saves at once; the page turns German.
  const language = page.getByRole('combobox', { name: 'Language' });
  await tabTo(page, language);
  // Automatic, English, Deutsch, Español: two steps down is German.
  await page.keyboard.press('ArrowDown');
  await expect(language).toHaveValue('en');
  await expect(language).toHaveAttribute('aria-busy', 'false');
  await page.keyboard.press('ArrowDown');
  await expect(page.locator('html')).toHaveAttribute('lang', 'de');
  await expect(page.getByRole('navigation').getByRole('link', { name: 'Zeitplan' })).toBeVisible();
  const sprache = page.getByRole('combobox', { name: 'Sprache' });
  await expect(sprache).toBeFocused();
  await page.keyboard.press('ArrowUp');
  await expect(page.locator('html')).toHaveAttribute('lang', 'en');

  // Time zone: type to search, arrows to move, Enter to choose; axe with the list open.
  const zone = page.getByRole('combobox', { name: 'Time zone' });
  await tabTo(page, zone);
  await page.keyboard.type('calcutta');
  await expect(page.getByRole('option', { name: /Kolkata/ })).toBeVisible();
  await expectAccessible(page, 'schedule with the time-zone list open');
  await page.keyboard.press('Enter');
  await expect(zone).toHaveValue('Asia/Kolkata');
  await expect(page.getByText(/are in Asia\/Kolkata\./)).toBeVisible();

  // Themes: Space checks a theme; the names form submits with Enter.
  await page.goto(`${host.origin}/#/themes`);
  const courage = page.getByRole('checkbox', { name: /^Courage/ });
  await tabTo(page, courage);
  await page.keyboard.press('Space');
  await expect(courage).toBeChecked();
  const subject = page.getByRole('textbox', { name: 'You are called' });
  await tabTo(page, subject);
  await page.keyboard.press('Control+A');
  await page.keyboard.type('Alex');
  await page.keyboard.press('Enter');
  await expect(page.getByText('Saved.').first()).toBeVisible();

  // Discord: the user ID field and its save button.
  await page.goto(`${host.origin}/#/discord`);
  const user = page.getByRole('textbox', { name: /user ID/i });
  await tabTo(page, user);
  await page.keyboard.type('123456789012345678');
  await page.keyboard.press('Enter');
  await expect(page.getByText('Saved.').first()).toBeVisible();
});
