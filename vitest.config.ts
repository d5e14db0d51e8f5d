import { configDefaults, defineConfig } from 'vitest/config';

export default defineConfig({
  test: {
    projects: [
      {
        test: {
          name: 'relay-and-shared',
          include: ['test/unit/**/*.test.ts', 'test/integration/**/*.test.ts', 'test/contract/**/*.test.ts'],
          environment: 'node',
          testTimeout: 20_000,
          hookTimeout: 30_000,
        },
      },
      {
        test: {
          name: 'extension',
          include: ['test/extension/**/*.test.ts'],
          environment: 'happy-dom',
        },
      },
      {
        test: {
          name: 'e2e-chromium',
          include: ['test/e2e/**/*.test.ts'],
          environment: 'node',
          env: { E2E_BROWSER: 'chromium' },
          globalSetup: ['test/e2e/support/global-setup.ts'],
          fileParallelism: false,
          testTimeout: 60_000,
          hookTimeout: 90_000,
        },
      },
      {
        test: {
          // The same suite in Firefox ESR (puppeteer over WebDriver BiDi), against `wxt build -b firefox`.
          name: 'e2e-firefox',
          include: ['test/e2e/**/*.test.ts'],
          // The Tryton suite stays Chromium-only: it tests the CRM adapter, not the browser.
          exclude: [...configDefaults.exclude, 'test/e2e/tryton*.test.ts', 'test/e2e/tryton/**'],
          environment: 'node',
          env: { E2E_BROWSER: 'firefox' },
          globalSetup: ['test/e2e/support/global-setup.ts'],
          fileParallelism: false,
          testTimeout: 60_000,
          hookTimeout: 90_000,
        },
      },
    ],
  },
});
