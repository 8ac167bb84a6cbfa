/**
 * npm start: Jaeger, the user API and the shop (production build), wired together, until Ctrl-C.
 * npm run dev: the same with `next dev` and a user API that restarts on change.
 */
import fs from 'node:fs';
import path from 'node:path';
import type { ManagedProcess } from './lib/child-process';
import { jaegerHealthUrl, jaegerQueryUrl } from './lib/jaeger-launch';
import { assertPortFree } from './lib/port';
import { appEnv, DEFAULT_STACK_SETTINGS, startJaeger, startUserApi, startWeb } from './lib/stack-services';
import { answersHttp } from './lib/wait-for-http';
import { stackConfig } from './lib/stack-config';

const repoRoot = path.resolve(__dirname, '..');
const dev = process.argv.includes('--dev');
const settings = DEFAULT_STACK_SETTINGS;
const env = appEnv(settings);

const running: ManagedProcess[] = [];
let stopping = false;

async function start(): Promise<void> {
  // Checked up front too, so a busy port fails before Jaeger is started for nothing.
  await assertPortFree(settings.userApiPort, '127.0.0.1', 'the user API');
  await assertPortFree(settings.webPort, '127.0.0.1', 'the shop');
  if (!dev) {
    requireBuilt('services/user-api/dist/main.js');
    requireBuilt('.next/BUILD_ID');
  }

  const mode = stackConfig().jaegerMode;
  if (await answersHttp(jaegerHealthUrl(settings.jaeger))) {
    console.log(`[stack] Jaeger already answers on ${jaegerHealthUrl(settings.jaeger)}; using it.`);
  } else if (mode === 'external') {
    throw new Error(`JAEGER_MODE=external but no Jaeger answers at ${jaegerHealthUrl(settings.jaeger)}`);
  } else {
    supervise(await startJaeger(mode, settings.jaeger));
  }
  supervise(await startUserApi(settings, env, { dev }));
  supervise(await startWeb(settings, env, { dev }));

  console.log(`
Threadline is running. Ctrl-C stops everything.
  Shop          http://localhost:${settings.webPort}
  User API      http://127.0.0.1:${settings.userApiPort}/users
  Jaeger API    ${jaegerQueryUrl(settings.jaeger)}/api/traces/<traceId>  (UI at ${env.JAEGER_UI_URL})
  OTLP/HTTP     ${env.OTEL_EXPORTER_OTLP_ENDPOINT}
  Diagnose      npm run doctor
`);
}

function requireBuilt(relative: string): void {
  if (!fs.existsSync(path.join(repoRoot, relative))) {
    throw new Error(`${relative} is missing: run "npm run build" first (npm start does it for you).`);
  }
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
  const apps = running.filter((p) => p.name !== 'jaeger');
  await Promise.all(apps.map((p) => p.stop()));
  await Promise.all(running.filter((p) => p.name === 'jaeger').map((p) => p.stop()));
  process.exit(exitCode);
}

process.on('SIGINT', () => void stopAll(0));
process.on('SIGTERM', () => void stopAll(0));

start().catch((error: unknown) => {
  console.error(`[stack] ${error instanceof Error ? error.message : String(error)}`);
  void stopAll(1);
});
