/**
 * Every page at the answer-window size (420x640), a full browser (1280x800) and 200 % zoom
 * (420x640 at 2x = 210x320 CSS px), light and dark: saved under test-results/screenshots/
 * for a person to look at, and checked for sideways scrolling and unlabelled controls.
 */
import { expect, test } from '@playwright/test';
import { apiCaller, openApp, shot, startHost, type Host } from './host.js';

const PAGES = ['answer', 'schedule', 'curve', 'stats', 'themes', 'discord'] as const;
const SIZES = [
  { name: '420x640', width: 420, height: 640, scale: 1 },
  { name: '1280x800', width: 1280, height: 800, scale: 1 },
  { name: '420x640-zoom200', width: 210, height: 320, scale: 2 },
] as const;

// Run in the page (as text: the Node type library used here has no DOM).
const SIDEWAYS = 'document.documentElement.scrollWidth - window.innerWidth';
const UNLABELLED = `[...document.querySelectorAll('input, select, textarea, button')]
  .filter((e) => !(e.labels && e.labels.length) && !e.getAttribute('aria-label') && !e.getAttribute('aria-labelledby') && !(e.tagName === 'BUTTON' && e.textContent.trim()))
  .map((e) => e.outerHTML.slice(0, 80))`;

let host: Host;

test.beforeAll(async ({ request }) => {
  host = await startHost();
  const call = apiCaller(request, host);
  // Some history, so that the charts have something to show, then a mantra waiting.
  await call('enroll');
  for (let i = 0; i < 3; i++) {
    const snap = await call('deliverNow');
    await call('answer', { text: snap.status?.mantra?.text ?? '' });
  }
  await call('deliverNow');
});

test.afterAll(async () => {
  await host?.stop();
});

for (const scheme of ['light', 'dark'] as const) {
  for (const size of SIZES) {
    test(`pages at ${size.name}, ${scheme}`, async ({ browser }) => {
      const context = await browser.newContext({ viewport: { width: size.width, height: size.height }, deviceScaleFactor: size.scale, colorScheme: scheme });
      const page = await context.newPage();
      const errors: string[] = [];
      page.on('pageerror', (e) => errors.push(e.message));
      page.on('console', (m) => void (m.type() === 'error' && errors.push(m.text())));
      await openApp(page, host, 'answer');
      for (const id of PAGES) {
        await page.goto(`${host.origin}/#/${id}`);
        await expect(page.getByRole('heading', { level: 1 })).toBeVisible();
        await expect(page.getByRole('status').filter({ hasText: /^Loading/ })).toHaveCount(0);
        // Polled: charts measure their width after the first frame.
        await expect.poll(() => page.evaluate<number>(SIDEWAYS), { message: `${id} scrolls sideways` }).toBeLessThanOrEqual(1);
        const unlabelled = await page.evaluate<string[]>(UNLABELLED);
        expect(unlabelled, `unlabelled controls on ${id}`).toEqual([]);
        await shot(page, `${id}-${size.name}-${scheme}`);
      }
      expect(errors).toEqual([]);
      await context.close();
    });
  }
}
