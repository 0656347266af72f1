import { defineConfig } from '@playwright/test';

// Browser tests for Regie. e2e/run.sh starts `regie demo` on a fresh database and sets
// REGIE_BASE_URL; the tests never download a browser: they use the system Chromium.
const baseURL = process.env.REGIE_BASE_URL ?? 'http://localhost:8080';
const chromium = process.env.CHROMIUM_PATH ?? '/usr/bin/chromium';
const outputDir = process.env.REGIE_E2E_OUTPUT_DIR ?? 'test-results';

export default defineConfig({
  testDir: './tests',
  // One worker: the machine has two cores and the server is a debug build. The tests do not
  // depend on one another's order (each logs in itself), apart from the enrolment setup.
  workers: 1,
  fullyParallel: false,
  forbidOnly: !!process.env.CI,
  retries: 0,
  timeout: 120_000,
  expect: { timeout: 10_000 },
  reporter: [
    ['list'],
    ['json', { outputFile: `${outputDir}/results.json` }],
  ],
  outputDir,
  use: {
    baseURL,
    locale: 'nl-NL',
    timezoneId: 'Europe/Amsterdam',
    trace: 'retain-on-failure',
    screenshot: 'only-on-failure',
    actionTimeout: 15_000,
    navigationTimeout: 30_000,
    launchOptions: {
      executablePath: chromium,
      args: [
        '--no-sandbox',
        '--disable-gpu',
        '--disable-background-networking',
        '--disable-component-update',
        '--disable-sync',
        '--no-first-run',
      ],
    },
  },
  projects: [
    // The first login of `klantmanager` must meet the enrolment page, so it runs before the rest.
    { name: 'enrolment', testMatch: /.*\.setup\.ts/ },
    { name: 'pages', testMatch: /.*\.spec\.ts/, dependencies: ['enrolment'] },
  ],
});
