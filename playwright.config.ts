import { defineConfig } from '@playwright/test';

// E2E drives the built headless host in Debian's chromium; `npx playwright install`
// is never needed (and there is no network to run it).
export default defineConfig({
  testDir: 'test/e2e',
  outputDir: 'test-results', // screenshots and traces of failures; wiped at the start of each run
  workers: process.env.CI ? 1 : 2,
  fullyParallel: false,
  forbidOnly: !!process.env.CI,
  retries: 0,
  timeout: 30_000,
  // PLAYWRIGHT_JSON_OUTPUT_FILE, when set (scripts/test-all.mjs does), wins over outputFile.
  reporter: [['list'], ['json', { outputFile: 'test-results/e2e-report.json' }]],
  use: {
    browserName: 'chromium',
    // The window follows the browser's language: English with a 24-hour clock unless a test asks for another.
    locale: 'en-GB',
    headless: true,
    screenshot: 'only-on-failure',
    trace: 'retain-on-failure',
    launchOptions: {
      executablePath: '/usr/bin/chromium',
      args: ['--no-sandbox', '--disable-gpu', '--disable-dev-shm-usage', '--disable-background-networking', '--disable-component-update', '--disable-sync'],
    },
  },
});
