import { defineConfig, type PlaywrightTestConfig } from '@playwright/test';
import { CHROMIUM_ARGS, chromiumExecutablePath } from './e2e/support/chromium';
import { SHOP_URL } from './e2e/support/stack-urls';

/** The stack most specs share: scripts/stack.ts on the default ports. */
const sharedStack: PlaywrightTestConfig['webServer'] = {
  command: 'npx tsx scripts/stack.ts',
  url: `${SHOP_URL}/api/health`,
  reuseExistingServer: !process.env.CI,
  timeout: 180_000,
  stdout: 'pipe',
  stderr: 'pipe',
  gracefulShutdown: { signal: 'SIGTERM', timeout: 20_000 },
  // The suite's orders go to their own databases, not the ones `npm start` shows you.
  env: { SHOP_DB_PATH: 'data/e2e/shop.db', USER_API_DB_PATH: 'data/e2e/user-api.db' },
};

export default defineConfig({
  testDir: 'e2e',
  // The container suite has its own configuration and engine (npm run test:containers).
  testIgnore: 'containers/**',
  // One shared stack and two cores: tests run one at a time, and a failure is never retried away.
  workers: 1,
  fullyParallel: false,
  retries: 0,
  forbidOnly: true,
  timeout: 90_000,
  expect: { timeout: 15_000 },
  reporter: process.env.CI ? [['list'], ['html', { open: 'never' }]] : 'list',
  use: {
    baseURL: SHOP_URL,
    browserName: 'chromium',
    headless: true,
    launchOptions: { executablePath: chromiumExecutablePath(), args: CHROMIUM_ARGS },
    trace: 'retain-on-failure',
    screenshot: 'only-on-failure',
  },
  // THREADLINE_E2E_STACK=off runs specs that start their own processes on ports of their own (such as
  // production-config.spec.ts) without the shared stack, which would take the default ports.
  webServer: process.env.THREADLINE_E2E_STACK === 'off' ? undefined : sharedStack,
});
