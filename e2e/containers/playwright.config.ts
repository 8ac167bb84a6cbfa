import { defineConfig } from '@playwright/test';
import { CHROMIUM_ARGS, chromiumExecutablePath } from '../../scripts/lib/chromium';

/**
 * The container paths, run for real against a Docker engine: `npm start` with Jaeger in Docker, and
 * `docker compose up --build`. Started by e2e/containers/run.ts (npm run test:containers), which
 * brings up the engine and the images first.
 */
export default defineConfig({
  testDir: '.',
  // Both scenarios use the default ports (3000, 16686): one at a time, never retried away.
  workers: 1,
  fullyParallel: false,
  retries: 0,
  forbidOnly: true,
  timeout: 10 * 60_000,
  expect: { timeout: 30_000 },
  reporter: 'list',
  use: {
    browserName: 'chromium',
    headless: true,
    launchOptions: { executablePath: chromiumExecutablePath(), args: CHROMIUM_ARGS },
    trace: 'retain-on-failure',
    screenshot: 'only-on-failure',
  },
});
