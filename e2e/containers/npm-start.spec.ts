import { spawn } from 'node:child_process';
import { expect, test } from '@playwright/test';
import { JaegerQueryClient } from '@threadline/traces';
import { answersHttp, waitForHttp } from '../../scripts/lib/wait-for-http';
import { isWholeClickedOrder, waitForTrace } from '../support/wait-for-trace';
import { containerProcessUid, containersNamed, imageLabel } from './support/docker-cli';
import { NpmStart } from './support/npm-start';
import { followJaegerLink, placeOrderByClick } from './support/shop-page';
import { JAEGER_IMAGE } from './support/stand-ins';

const SHOP_URL = 'http://127.0.0.1:3000';
const JAEGER_UI_URL = 'http://localhost:16686';
const jaeger = new JaegerQueryClient('http://127.0.0.1:16686');
const JAEGER_CONTAINER = 'threadline-jaeger-16686';
/** The suite's orders go to databases of their own, not the ones `npm start` shows you. */
const STACK_ENV = { SHOP_DB_PATH: 'data/containers/shop.db', USER_API_DB_PATH: 'data/containers/user-api.db' };

test.describe.configure({ mode: 'serial' });

test('npm start with Docker: a clicked order is one whole trace in the Jaeger container, kept across restarts', async ({
  page,
}) => {
  test.setTimeout(20 * 60_000);
  const standIn = imageLabel(JAEGER_IMAGE, 'org.threadline.stand-in') !== undefined;

  const first = new NpmStart({ ...STACK_ENV, JAEGER_MODE: 'docker' });
  let traceId: string;
  let spanCount: number;
  try {
    await first.ready(10 * 60_000);
    expect(first.lines.some((line) => line.includes(`Starting Jaeger ${JAEGER_IMAGE} in Docker`))).toBe(true);
    // The image's own user, and Badger could still create its folders: the volume is writable to it.
    expect(containerProcessUid(JAEGER_CONTAINER)).toBe(10001);

    traceId = await placeOrderByClick(page, SHOP_URL);
    const spans = await waitForTrace(traceId, isWholeClickedOrder, {
      client: jaeger,
      timeoutMs: 60_000,
    });
    spanCount = spans.length;
    await followJaegerLink(page, { traceId, uiUrl: JAEGER_UI_URL, standIn });
  } finally {
    await first.stop();
  }
  expect(containersNamed(JAEGER_CONTAINER), 'Ctrl-C removes the Jaeger container').toEqual([]);

  // auto picks Docker while a daemon answers; the trace comes back from the volume.
  const second = new NpmStart({ ...STACK_ENV, JAEGER_MODE: 'auto' });
  try {
    await second.ready(10 * 60_000);
    expect(second.lines.some((line) => line.includes(`Starting Jaeger ${JAEGER_IMAGE} in Docker`))).toBe(true);
    const kept = await jaeger.getTrace(traceId);
    expect(kept?.spans.length, `trace ${traceId} after a restart`).toBe(spanCount);
  } finally {
    await second.stop();
  }
});

/**
 * `npm run jaeger` (scripts/jaeger.ts run) with the given variables, as one Node process: it forwards
 * SIGTERM to the Jaeger it starts (a wrapper such as npx would not, and leave Jaeger running).
 */
function runJaegerScript(env: Record<string, string>) {
  const child = spawn(process.execPath, ['--import', 'tsx', 'scripts/jaeger.ts', 'run'], {
    env: { ...process.env, ...env },
    stdio: ['ignore', 'pipe', 'pipe'],
  });
  let output = '';
  child.stdout.on('data', (chunk: Buffer) => (output += chunk.toString()));
  child.stderr.on('data', (chunk: Buffer) => (output += chunk.toString()));
  const exited = new Promise<number | null>((resolve) => child.once('exit', (code) => resolve(code)));
  return { child, exited, output: () => output, isRunning: () => child.exitCode === null && child.signalCode === null };
}

// A registry on a closed loopback port: Docker answers, and the pull fails at once.
const UNPULLABLE_IMAGE = '127.0.0.1:9/threadline/jaeger:missing';

test('auto mode with an image Docker cannot get falls back to the source build and says so in one line', async () => {
  test.setTimeout(3 * 60_000);
  const jaegerRun = runJaegerScript({ JAEGER_MODE: 'auto', JAEGER_IMAGE: UNPULLABLE_IMAGE });
  try {
    await waitForHttp('http://127.0.0.1:13133/status', { timeoutMs: 60_000, isAlive: jaegerRun.isRunning });
    const fallback = jaegerRun
      .output()
      .split('\n')
      .filter((line) => line.includes('using the source-built Jaeger instead'));
    expect(fallback, jaegerRun.output()).toHaveLength(1);
    expect(fallback[0]).toContain(UNPULLABLE_IMAGE);
    expect(jaegerRun.output()).toContain('built from source');
  } finally {
    jaegerRun.child.kill('SIGTERM');
    await jaegerRun.exited;
  }
  expect(await answersHttp('http://127.0.0.1:13133/status'), 'Jaeger stopped with the script').toBe(false);
});

test('docker mode with an image Docker cannot get stops with one clear line naming JAEGER_MODE=binary', async () => {
  const jaegerRun = runJaegerScript({ JAEGER_MODE: 'docker', JAEGER_IMAGE: UNPULLABLE_IMAGE });
  expect(await jaegerRun.exited).toBe(1);
  expect(jaegerRun.output()).toContain(
    `JAEGER_MODE=docker, but the image ${UNPULLABLE_IMAGE} is not on this machine and could not be pulled`,
  );
  expect(jaegerRun.output()).toContain('JAEGER_MODE=binary');
});
