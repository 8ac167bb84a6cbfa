import { defineConfig, type PlaywrightTestConfig } from '@playwright/test';
import { CHROMIUM_ARGS, chromiumExecutablePath } from './scripts/lib/chromium';
import { E2E_DATABASE, E2E_POSTGRES_SERVER_URL } from './e2e/support/e2e-database';
import { SHOP_URL } from './e2e/support/stack-urls';

/**
 * The specs run again on PostgreSQL (THREADLINE_E2E_DATABASE=postgres): what a database changes. The
 * order flow and its idempotency, the relay, the visit and its traces, the faults.
 */
const POSTGRES_SPECS = [
  'order-trace.spec.ts',
  'concurrency.spec.ts',
  'server-action.spec.ts',
  'otlp-relay.spec.ts',
  'browser-session.spec.ts',
  'session-traces.spec.ts',
  'security.spec.ts',
  'faults.spec.ts',
  'user-api-faults.spec.ts',
];

// Read by the tests' workers too: isolated stacks make databases of their own on the run's cluster.
if (E2E_DATABASE === 'postgres') process.env.THREADLINE_POSTGRES_SERVER_URL = E2E_POSTGRES_SERVER_URL;

/** The stack most specs share: scripts/stack.ts on the default ports. */
const sharedStack: PlaywrightTestConfig['webServer'] = {
  command: E2E_DATABASE === 'postgres' ? 'npx tsx e2e/support/postgres-stack.ts' : 'npx tsx scripts/stack.ts',
  url: `${SHOP_URL}/api/health`,
  reuseExistingServer: !process.env.CI,
  timeout: 180_000,
  stdout: 'pipe',
  stderr: 'pipe',
  gracefulShutdown: { signal: 'SIGTERM', timeout: 20_000 },
  // The suite's orders go to their own databases, not the ones `npm start` shows you (on PostgreSQL,
  // a cluster of the run's own).
  env: { SHOP_DB_PATH: 'data/e2e/shop.db', USER_API_DB_PATH: 'data/e2e/user-api.db' },
};

export default defineConfig({
  testDir: 'e2e',
  // The container suite has its own configuration and engine (npm run test:containers).
  testIgnore: 'containers/**',
  ...(E2E_DATABASE === 'postgres' ? { testMatch: POSTGRES_SPECS } : {}),
  // The project's name says which engine a report's results ran on.
  projects: [{ name: E2E_DATABASE }],
  // One shared stack and two cores: tests run one at a time, and a failure is never retried away.
  workers: 1,
  fullyParallel: false,
  retries: 0,
  forbidOnly: true,
  timeout: 90_000,
  expect: { timeout: 15_000 },
  // Each engine's run keeps its own report and failure artefacts: the second run would clear the first's.
  reporter: process.env.CI ? [['list'], ['html', { open: 'never', outputFolder: `playwright-report/${E2E_DATABASE}` }]] : 'list',
  outputDir: `test-results/${E2E_DATABASE}`,
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
