/**
 * A newcomer in a German, Spanish or English browser: the host's printed link opens the
 * walk-through in that language, every step passes axe, and it ends with a first answered
 * mantra. Screenshots of each step go to test-results/screenshots/onboarding-<lang>-<n>.png.
 */
import { type Page } from '@playwright/test';
import { expectAccessible } from './axe.js';
import { expect, shot, test } from './host.js';

const WORDS = {
  de: {
    welcome: 'Willkommen bei Mantra',
    next: 'Weiter',
    finish: 'Speichern und abschließen',
    subject: 'Du heißt',
    turnOn: 'Zustellung einschalten',
    first: /^Dein erstes Mantra kommt heute um \d\d:\d\d/,
    test: 'Jetzt ein Test-Mantra senden',
    typeBack: 'Tippe es ab',
    matches: /Das passt\. Mit der Eingabetaste abschicken/,
    answered: '✓ Beantwortet',
    points: 'Punkte',
    nav: 'Antworten',
  },
  es: {
    welcome: 'Te damos la bienvenida a Mantra',
    next: 'Siguiente',
    finish: 'Guardar y terminar',
    subject: 'Te llamas',
    turnOn: 'Activar envíos',
    first: /^Tu primer mantra llega hoy a las \d\d:\d\d/,
    test: 'Enviar ahora un mantra de prueba',
    typeBack: 'Escríbelo',
    matches: /Coincide\. Pulsa Intro para enviarlo/,
    answered: '✓ Respondido',
    points: 'Puntos',
    nav: 'Responder',
  },
  en: {
    welcome: 'Welcome to Mantra',
    next: 'Next',
    finish: 'Save and finish',
    subject: 'You are called',
    turnOn: 'Turn delivery on',
    first: /^Your first mantra comes today at \d\d:\d\d/,
    test: 'Send a test mantra now',
    typeBack: 'Type it back',
    matches: /That matches\. Press Enter/,
    answered: '✓ Answered',
    points: 'Points',
    nav: 'Answer',
  },
} as const;

async function step(page: Page, lang: string, n: number): Promise<void> {
  await expect(page.getByRole('status').filter({ hasText: /…$/ })).toHaveCount(0);
  await expectAccessible(page, `onboarding step ${n} (${lang})`);
  await shot(page, `onboarding-${lang}-${n}`);
}

for (const lang of ['de', 'es', 'en'] as const) {
  test.describe(`first run in a ${lang} browser`, () => {
    test.use({ locale: lang === 'en' ? 'en-GB' : lang, viewport: { width: 900, height: 900 } });

    test('goes from the first open through the walk-through to a first answered mantra', async ({ page, host }) => {
      test.setTimeout(90_000); // seven axe runs
      const w = WORDS[lang];
      await page.goto(host.url);
      await expect(page.getByRole('heading', { level: 2, name: w.welcome })).toBeVisible();
      await expect(page.locator('html')).toHaveAttribute('lang', lang);
      await step(page, lang, 1);

      // Themes (with real mantras), names, how often, quiet hours, channels: keep the defaults but the name.
      for (let n = 2; n <= 6; n++) {
        await page.getByRole('button', { name: n === 7 ? w.finish : w.next }).click();
        await expect(page.getByText(new RegExp(`^\\D+ ${n} \\D+ 7$`))).toBeVisible();
        if (n === 3) {
          const name = page.getByRole('textbox', { name: w.subject });
          await name.fill('Alex');
        }
        await step(page, lang, n);
      }
      await page.getByRole('button', { name: w.finish }).click();
      await page.getByRole('button', { name: w.turnOn }).click();
      await expect(page.getByText(w.first)).toBeVisible();
      await step(page, lang, 7);

      await page.getByRole('button', { name: w.test }).click();
      const field = page.getByRole('textbox', { name: w.typeBack });
      await expect(field).toBeFocused();
      const mantra = (await page.locator('.mantra-text').first().textContent())?.trim() ?? '';
      expect(mantra.length).toBeGreaterThan(3);
      await field.fill(mantra);
      await expect(page.getByText(w.matches)).toBeVisible();
      await expectAccessible(page, `answer (${lang})`);
      await field.press('Enter');
      const verdict = page.getByRole('region', { name: w.answered });
      await expect(verdict).toBeVisible();
      await expect(verdict.getByText(w.points)).toBeVisible();
      await expect(page.getByRole('link', { name: w.nav })).toHaveAttribute('aria-current', 'page');
      await shot(page, `onboarding-${lang}-answered`);
    });
  });
}
