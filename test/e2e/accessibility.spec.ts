/**
 * axe on every page, light and dark (serious and critical violations fail), and the main
 * flows with the keyboard only: the walk-through, snoozing an out mantra, and the settings on each
 * page (answering with the keyboard alone is in answer-flow.spec.ts).
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

test('keyboard only: snooze the out mantra from the Answer page, and the page says when it comes back', async ({ page, host, request }) => {
  const call = apiCaller(request, host);
  await call('enroll');
  const text = (await call('deliverNow')).status?.mantra?.text ?? '';
  await openApp(page, host, 'answer');
  await expect(page.getByText(text)).toBeVisible();
  // The answer field has the focus; Tab goes on to the snooze choices.
  await expect(page.getByRole('textbox', { name: 'Type it back' })).toBeFocused();
  const snooze = page.getByRole('group', { name: 'Snooze' });
  await tabTo(page, snooze.getByRole('button', { name: '30 min' }));
  await page.keyboard.press('Enter');
  const back = page.getByText(/^Snoozed until (\d\d:\d\d|today|tomorrow)/);
  await expect(back).toBeVisible();
  // The time it names is the engine's: 30 minutes from now, in the page's zone and clock.
  const snapshot = (await call('getSnapshot')) as { status?: { snoozedUntil?: number | null }; timeZone?: string };
  const until = snapshot.status?.snoozedUntil ?? 0;
  expect(until).toBeGreaterThan(Date.now() + 25 * 60_000);
  const clock = new Intl.DateTimeFormat('en-GB', { hour: '2-digit', minute: '2-digit', timeZone: snapshot.timeZone ?? 'UTC' }).format(until);
  await expect(back).toContainText(clock);
  await expect(back).toContainText('It comes back then; you can still answer now.');
  await expectAccessible(page, 'answer with a snoozed mantra');
});

test('keyboard only, in German: a snooze the engine refuses (the mantra was skipped elsewhere) says why in German', async ({ page, host, request }) => {
  const call = apiCaller(request, host);
  await call('enroll');
  await call('updateSettings', { locale: 'de' });
  const text = (await call('deliverNow')).status?.mantra?.text ?? '';
  // The page never hears the host's events (a dropped stream), so it goes on showing the mantra skipped elsewhere.
  await page.route('**/api/events**', (route) => route.abort());
  await openApp(page, host, 'answer');
  await expect(page.locator('html')).toHaveAttribute('lang', 'de');
  await expect(page.getByText(text)).toBeVisible();
  await call('skip');
  await tabTo(page, page.getByRole('group', { name: 'Schlummern' }).getByRole('button', { name: '10 Min.' }));
  await page.keyboard.press('Enter');
  const alert = page.getByRole('alert').filter({ hasText: 'Gerade ist kein Mantra offen, also gibt es nichts zurückzustellen.' });
  await expect(alert).toBeVisible();
  await expect(alert).not.toContainText(/snooze|nothing|waiting/i);
});
