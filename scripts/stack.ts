/**
 * npm start: Jaeger, the user API and the shop (production build), wired together, until Ctrl-C.
 * npm run dev: the same with `next dev` and a user API that restarts on change.
 */
import fs from 'node:fs';
import path from 'node:path';
import { startProcess, type ManagedProcess } from './lib/child-process';
import { JAEGER_HEALTH_URL, jaegerLaunch, jaegerModeFromEnv } from './lib/jaeger';
import { assertPortFree } from './lib/port';
import { answersHttp, waitForHttp } from './lib/wait-for-http';

const repoRoot = path.resolve(__dirname, '..');
const dev = process.argv.includes('--dev');

const webPort = process.env.PORT || '3000';
const userApiPort = process.env.USER_API_PORT || '8080';

/** Every service gets the same wiring; anything the person set in the environment wins. */
const childEnv: NodeJS.ProcessEnv = {
  ...process.env,
  OTEL_EXPORTER_OTLP_ENDPOINT: process.env.OTEL_EXPORTER_OTLP_ENDPOINT || 'http://127.0.0.1:4318',
  USER_API_PORT: userApiPort,
  USER_API_URL: process.env.USER_API_URL || `http://127.0.0.1:${userApiPort}`,
  JAEGER_UI_URL: process.env.JAEGER_UI_URL || 'http://localhost:16686',
};

const running: ManagedProcess[] = [];
let stopping = false;

async function start(): Promise<void> {
  await assertPortFree(Number(userApiPort), '127.0.0.1', 'the user API');
  await assertPortFree(Number(webPort), '127.0.0.1', 'the shop');
  await startJaeger();

  const userApi = dev
    ? startProcess('user-api', process.execPath, [require.resolve('tsx/cli'), 'watch', 'services/user-api/src/main.ts'], childEnv)
    : startProcess('user-api', process.execPath, [requireBuilt('.build/services/user-api/src/main.js')], childEnv);
  supervise(userApi);
  await waitForHttp(`http://127.0.0.1:${userApiPort}/healthz`, { timeoutMs: 30_000, isAlive: userApi.isRunning });

  const nextBin = require.resolve('next/dist/bin/next');
  if (!dev) requireBuilt('.next/BUILD_ID');
  const web = startProcess('web', process.execPath, [nextBin, dev ? 'dev' : 'start', '-H', '127.0.0.1', '-p', webPort], childEnv);
  supervise(web);
  await waitForHttp(`http://127.0.0.1:${webPort}/api/health`, { timeoutMs: dev ? 120_000 : 60_000, isAlive: web.isRunning });

  console.log(`
Threadline is running. Ctrl-C stops everything.
  Shop          http://localhost:${webPort}
  User API      http://127.0.0.1:${userApiPort}/users
  Jaeger API    http://127.0.0.1:16686/api/traces/<traceId>  (UI at ${childEnv.JAEGER_UI_URL})
  OTLP/HTTP     ${childEnv.OTEL_EXPORTER_OTLP_ENDPOINT}
`);
}

async function startJaeger(): Promise<void> {
  const mode = jaegerModeFromEnv();
  if (await answersHttp(JAEGER_HEALTH_URL)) {
    console.log('[stack] Jaeger already answers on 127.0.0.1:13133; using it.');
    return;
  }
  if (mode === 'external') {
    throw new Error('JAEGER_MODE=external but no Jaeger answers at ' + JAEGER_HEALTH_URL);
  }
  const launch = jaegerLaunch(mode);
  console.log(`[stack] Starting ${launch.description}`);
  // Jaeger traces its own query API by default; those traces would crowd the shop's in search results.
  const jaeger = startProcess('jaeger', launch.command, launch.args, { ...process.env, OTEL_TRACES_SAMPLER: 'always_off' });
  supervise(jaeger);
  await waitForHttp(JAEGER_HEALTH_URL, { timeoutMs: 120_000, isAlive: jaeger.isRunning });
}

function requireBuilt(relative: string): string {
  const file = path.join(repoRoot, relative);
  if (!fs.existsSync(file)) throw new Error(`${relative} is missing: run "npm run build" first (npm start does it for you).`);
  return file;
}

/** A service that dies on its own takes the stack down with it, loudly, instead of leaving half a shop. */
function supervise(processHandle: ManagedProcess): void {
  running.push(processHandle);
  void processHandle.exited.then((result) => {
    if (stopping) return;
    console.error(`[stack] ${processHandle.name} exited unexpectedly (${result}); stopping the rest.`);
    void stopAll(1);
  });
}

/** Stops the apps first, so their last spans still reach Jaeger, then Jaeger. */
async function stopAll(exitCode: number): Promise<void> {
  if (stopping) return;
  stopping = true;
  const jaeger = running.filter((p) => p.name === 'jaeger');
  const apps = running.filter((p) => p.name !== 'jaeger');
  await Promise.all(apps.map((p) => p.stop()));
  await Promise.all(jaeger.map((p) => p.stop()));
  process.exit(exitCode);
}

process.on('SIGINT', () => void stopAll(0));
process.on('SIGTERM', () => void stopAll(0));

start().catch((error: unknown) => {
  console.error(`[stack] ${error instanceof Error ? error.message : String(error)}`);
  void stopAll(1);
});
