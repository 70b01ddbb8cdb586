/** The core loop in a real browser against the real host: enroll, deliver, answer wrongly then rightly, see what was learned. */
import { expect, navigate, openApp, shot, test } from './host.js';

test('enroll, deliver now, answer wrongly then correctly, and see the curve and stats change', async ({ page, host }) => {
  await openApp(page, host);
  // The token went into a cookie and out of the address bar.
  expect(page.url()).not.toContain('token=');

  await navigate(page, 'Curve');
  await expect(page.getByText(/^Nothing learned yet: every hour starts at 50 %/)).toBeVisible();
  await expect(page.locator('circle.mark-answered')).toHaveCount(0);
  const nowBar = page.locator('rect.bar-now');
  await expect(nowBar).toHaveCount(1);
  const heightBefore = Number(await nowBar.getAttribute('height'));
  await shot(page, 'flow-curve-fresh');

  await navigate(page, 'Answer');
  await page.getByRole('button', { name: 'Turn delivery on' }).click();
  await expect(page.getByText(/The next mantra comes/)).toBeVisible();

  await page.getByRole('button', { name: 'Deliver now' }).click();
  const field = page.getByRole('textbox', { name: 'Type it back' });
  await expect(field).toBeFocused();
  // The focus ring (3px + 2px offset) must not cover the label above the field.
  await expect(field).toHaveCSS('outline-width', '3px');
  await expect(field).toHaveCSS('outline-offset', '2px');
  const ring = 3 + 2;
  const labelBox = await page.locator('label.answer-label').boundingBox();
  const fieldBox = await field.boundingBox();
  expect((labelBox?.y ?? 0) + (labelBox?.height ?? 0)).toBeLessThanOrEqual((fieldBox?.y ?? 0) - ring);
  const mantra = (await page.locator('.mantra-text').first().textContent())?.trim() ?? '';
  expect(mantra.length).toBeGreaterThan(3);

  await field.fill('this is certainly not the mantra');
  await expect(page.getByText('Keep typing.')).toBeVisible();
  await field.press('Enter');
  await expect(page.getByText(/Not quite: \d+ % alike/)).toBeVisible();
  await expect(page.locator('.mantra-text').first()).toHaveText(mantra);

  await field.fill(mantra.toLowerCase());
  await expect(page.getByText(/That matches\. Press Enter/)).toBeVisible();
  await field.press('Enter');
  const verdict = page.getByRole('region', { name: '✓ Answered' });
  await expect(verdict).toBeVisible();
  await expect(verdict.getByText('Points')).toBeVisible();
  await expect(verdict.locator('dd').first()).toHaveText(/^\+\d+$/);
  await expect(verdict.getByText('Streak')).toBeVisible();
  await expect(page.getByText(/Nothing is waiting for you/)).toBeVisible();
  await shot(page, 'flow-answered');

  await navigate(page, 'Curve');
  await expect(page.getByText(/^Taller bars are hours you tend to answer in/)).toBeVisible();
  await expect(page.locator('circle.mark-answered')).toHaveCount(1);
  await expect(page.locator('circle.mark-sent')).toHaveCount(1);
  await expect.poll(async () => Number(await page.locator('rect.bar-now').getAttribute('height'))).toBeGreaterThan(heightBefore);
  await shot(page, 'flow-curve-learned');

  await navigate(page, 'Stats');
  const figures = page.locator('dl.figures');
  await expect(figures).toContainText('100 %');
  await expect(figures).toContainText('1 of 1 answered');
  await expect(figures).toContainText('best 1');
  const history = page.getByRole('region', { name: 'Recent mantras' });
  await expect(history.getByText(mantra)).toBeVisible();
  await expect(history.getByText(/answered in/)).toBeVisible();
  await shot(page, 'flow-stats');
});

test('a live delivery from elsewhere shows up without reloading', async ({ page, host, request }) => {
  await openApp(page, host);
  await page.getByRole('button', { name: 'Turn delivery on' }).click();
  await expect(page.getByText(/The next mantra comes/)).toBeVisible();
  // Another client (the CLI, Discord, another tab) asks for a delivery through the API.
  const token = new URL(host.url).searchParams.get('token') ?? '';
  const reply = await request.post(`${host.origin}/api/deliverNow`, { headers: { authorization: `Bearer ${token}` } });
  expect(reply.ok()).toBe(true);
  await expect(page.getByRole('textbox', { name: 'Type it back' })).toBeVisible();
});

test('a host that went away is reported in words', async ({ page, host }) => {
  await openApp(page, host);
  await host.stop();
  await page.getByRole('button', { name: 'Turn delivery on' }).click();
  await expect(page.getByText('Cannot reach Mantra. Is it still running?')).toBeVisible();
});

test('keyboard only: turn delivery on, deliver, answer', async ({ page, host }) => {
  await page.setViewportSize({ width: 520, height: 440 }); // Electron's answer window
  await openApp(page, host);
  await page.keyboard.press('Tab');
  await expect(page.getByRole('link', { name: 'Skip to content' })).toBeFocused();
  const on = page.getByRole('button', { name: 'Turn delivery on' });
  for (let i = 0; i < 12 && !(await on.evaluate((el) => el === el.ownerDocument.activeElement)); i++) await page.keyboard.press('Tab');
  await expect(on).toBeFocused();
  await page.keyboard.press('Enter');
  // The button that replaced the pressed one has the focus.
  await expect(page.getByRole('button', { name: 'Deliver now' })).toBeFocused();
  await page.keyboard.press('Enter');
  const field = page.getByRole('textbox', { name: 'Type it back' });
  await expect(field).toBeFocused();
  const mantra = (await page.locator('.mantra-text').first().textContent())?.trim() ?? '';
  await page.keyboard.type(mantra);
  await page.keyboard.press('Enter');
  await expect(page.getByRole('region', { name: '✓ Answered' })).toBeVisible();
  await shot(page, 'answer-520x440-answered');
});
