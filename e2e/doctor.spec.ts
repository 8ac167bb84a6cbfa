import { spawnSync } from 'node:child_process';
import path from 'node:path';
import { expect, test } from '@playwright/test';
import { startProcess, type ManagedProcess } from '../scripts/lib/child-process';
import { waitForHttp } from '../scripts/lib/wait-for-http';
import { JAEGER_QUERY_URL, SHOP_URL } from './support/stack-urls';

const repoRoot = path.resolve(__dirname, '..');

function runDoctor(env: Record<string, string>): { status: number | null; output: string } {
  const result = spawnSync(process.execPath, [require.resolve('tsx/cli'), 'scripts/doctor.ts'], {
    cwd: repoRoot,
    env: { ...process.env, JAEGER_QUERY_URL, ...env },
    encoding: 'utf8',
    timeout: 60_000,
  });
  return { status: result.status, output: `${result.stdout}${result.stderr}` };
}

test('npm run doctor passes on the healthy stack', () => {
  const { status, output } = runDoctor({ SHOP_URL, USER_API_URL: 'http://127.0.0.1:8080' });
  expect(output).toContain('✔ the trace is whole');
  expect(output).toContain('Healthy: 10 passed, 0 failed');
  expect(status, output).toBe(0);
});

test.describe('with a user API started without tracing', () => {
  const extra: ManagedProcess[] = [];

  test.beforeAll(async () => {
    // A second, deliberately broken pair beside the suite's stack: a user API with tracing off, and a
    // web tier that calls it. Both share the suite's Jaeger.
    const dataDir = path.join(repoRoot, 'data', 'e2e', 'doctor');
    const base = { ...process.env, OTEL_EXPORTER_OTLP_ENDPOINT: 'http://127.0.0.1:4318' };
    const userApi = startProcess('untraced-user-api', process.execPath, [path.join(repoRoot, 'services/user-api/dist/main.js')], {
      ...base,
      OTEL_SDK_DISABLED: 'true',
      USER_API_PORT: '8081',
      USER_API_METRICS_PORT: '9475',
      USER_API_DB_PATH: path.join(dataDir, 'user-api.db'),
    });
    extra.push(userApi);
    await waitForHttp('http://127.0.0.1:8081/healthz', { timeoutMs: 20_000, isAlive: userApi.isRunning });
    const web = startProcess(
      'web-3001',
      process.execPath,
      [require.resolve('next/dist/bin/next'), 'start', '-H', '127.0.0.1', '-p', '3001'],
      {
        ...base,
        USER_API_URL: 'http://127.0.0.1:8081',
        METRICS_PORT: '9474',
        SHOP_DB_PATH: path.join(dataDir, 'shop.db'),
      },
    );
    extra.push(web);
    await waitForHttp('http://127.0.0.1:3001/api/health', { timeoutMs: 60_000, isAlive: web.isRunning });
  });

  test.afterAll(async () => {
    await Promise.all(extra.map((processHandle) => processHandle.stop()));
  });

  test('npm run doctor fails and names the broken hop', () => {
    const { status, output } = runDoctor({
      SHOP_URL: 'http://127.0.0.1:3001',
      USER_API_URL: 'http://127.0.0.1:8081',
      DOCTOR_WAIT_MS: '10000',
    });
    expect(output).toContain('✔ shop-web continues the caller’s trace');
    expect(output).toContain('✘ user-api exports spans: broken hop shop-web → user-api');
    expect(output).toMatch(/fix: Start the user API with tracing on/);
    expect(status, output).toBe(1);
  });
});
