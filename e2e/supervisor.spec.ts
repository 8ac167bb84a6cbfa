import fs from 'node:fs';
import path from 'node:path';
import { expect, test } from '@playwright/test';
import { startProcess, type ManagedProcess } from '../scripts/lib/child-process';
import { waitForHttp } from '../scripts/lib/wait-for-http';
import { postOrder } from './support/order-requests';
import { countOrders } from './support/shop-database';

/**
 * `npm start`'s own supervisor (scripts/stack.ts), as a user runs it, on ports of its own beside the
 * shared stack, whose Jaeger it finds answering and uses. The user API is killed as a crash kills
 * it, with SIGKILL, while orders keep coming.
 */
const OFFSET = 350;
const SHOP_URL = `http://127.0.0.1:${3000 + OFFSET}`;
const DATA_DIR = path.join(__dirname, '..', 'data', 'e2e', 'supervisor');

let stack: ManagedProcess;
const lines: string[] = [];

test.beforeAll(async () => {
  test.setTimeout(120_000);
  fs.rmSync(DATA_DIR, { recursive: true, force: true });
  stack = startProcess(
    'supervised',
    process.execPath,
    [require.resolve('tsx/cli'), path.join(__dirname, '..', 'scripts', 'stack.ts')],
    {
      ...process.env,
      PORT: String(3000 + OFFSET),
      USER_API_PORT: String(8080 + OFFSET),
      METRICS_PORT: String(9464 + 2 * OFFSET),
      USER_API_METRICS_PORT: String(9465 + 2 * OFFSET),
      SHOP_DB_PATH: path.join(DATA_DIR, 'shop.db'),
      USER_API_DB_PATH: path.join(DATA_DIR, 'user-api.db'),
    },
    { onLine: (line) => lines.push(line) },
  );
  await waitForHttp(`${SHOP_URL}/api/health`, { timeoutMs: 90_000, isAlive: stack.isRunning });
});

test.afterAll(async () => stack?.stop());

/** The pids the supervisor has reported for a service, in order. */
function pidsOf(service: string): number[] {
  return lines.flatMap((line) => {
    const match = new RegExp(`^\\[stack\\] ${service} is running \\(pid (\\d+)\\)`).exec(line);
    return match ? [Number(match[1])] : [];
  });
}

test('a user API killed with SIGKILL under load is restarted; meanwhile orders get 503 with Retry-After, and none is lost or half-written', async ({
  request,
}) => {
  test.setTimeout(90_000);
  const [firstPid] = pidsOf('user-api');
  expect(firstPid, lines.join('\n')).toBeDefined();

  const answers: { status: number; retryAfter: string | undefined; id?: string }[] = [];
  let keepOrdering = true;
  const orders = (async () => {
    while (keepOrdering) {
      const sent = await postOrder(request, SHOP_URL);
      const body = (await sent.response.json()) as { id?: string };
      answers.push({ status: sent.response.status(), retryAfter: sent.response.headers()['retry-after'], id: body.id });
      await new Promise((resolve) => setTimeout(resolve, 25));
    }
  })();

  await expect.poll(() => answers.filter((answer) => answer.status === 201).length).toBeGreaterThanOrEqual(5);
  process.kill(firstPid!, 'SIGKILL');
  await expect.poll(() => pidsOf('user-api').length, { timeout: 30_000, message: lines.slice(-20).join('\n') }).toBe(2);
  expect(lines.some((line) => /^\[stack\] user-api exited unexpectedly \(SIGKILL\); restarting it in \d+ ms/.test(line))).toBe(
    true,
  );
  const afterRestart = answers.length;
  await expect.poll(() => answers.slice(afterRestart).filter((answer) => answer.status === 201).length).toBeGreaterThanOrEqual(5);
  keepOrdering = false;
  await orders;

  const refused = answers.filter((answer) => answer.status !== 201);
  expect(refused.length, 'the gap was seen').toBeGreaterThan(0);
  expect(
    refused.every((answer) => answer.status === 503 && answer.retryAfter === '2'),
    JSON.stringify(refused),
  ).toBe(true);
  expect(answers.slice(-3).map((answer) => answer.status)).toEqual([201, 201, 201]);
  // Every order answered 201 is stored, and nothing else: a refused one left nothing behind.
  expect(await countOrders({ shopDbPath: path.join(DATA_DIR, 'shop.db') })).toBe(answers.length - refused.length);
  // The shop itself never stopped: it is the process it was.
  expect(pidsOf('web')).toHaveLength(1);
});
