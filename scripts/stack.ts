/**
 * npm start: Jaeger, the user API and the shop (production build), wired together, until Ctrl-C.
 * npm run dev: the same with `next dev` and a user API that restarts on change.
 */
import fs from 'node:fs';
import path from 'node:path';
import type { ManagedProcess } from './lib/child-process';
import { jaegerHealthUrl, jaegerQueryUrl } from './lib/jaeger-launch';
import { assertPortFree } from './lib/port';
import { RestartBackoff } from './lib/restart-policy';
import { appEnv, DEFAULT_STACK_SETTINGS, startJaeger, startUserApi, startWeb } from './lib/stack-services';
import { answersHttp } from './lib/wait-for-http';
import { stackConfig } from './lib/stack-config';

const repoRoot = path.resolve(__dirname, '..');
const dev = process.argv.includes('--dev');
const settings = DEFAULT_STACK_SETTINGS;
const env = appEnv(settings);

/** The services' current processes, by name: a restart replaces its entry. */
const running = new Map<string, ManagedProcess>();
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
    await supervise(() => startJaeger(mode, settings.jaeger));
  }
  await supervise(() => startUserApi(settings, env, { dev }));
  await supervise(() => startWeb(settings, env, { dev }));

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

/**
 * Starts a service and brings it back whenever it dies on its own, after a wait that grows while it
 * keeps dying (restart-policy.ts). Meanwhile the others keep running: the shop answers 503 with
 * Retry-After while the user API is away, and its exporter holds spans while Jaeger is.
 */
async function supervise(start: () => Promise<ManagedProcess>): Promise<void> {
  const backoff = new RestartBackoff();
  const watch = (service: ManagedProcess) => {
    const startedMs = Date.now();
    running.set(service.name, service);
    console.log(`[stack] ${service.name} is running (pid ${service.child.pid})`);
    void service.exited.then(async (result) => {
      if (stopping) return;
      const delayMs = backoff.delayAfterCrash(Date.now() - startedMs);
      console.error(
        `[stack] ${service.name} exited unexpectedly (${result}); restarting it in ${delayMs} ms (restart ${backoff.restarts} in a row)`,
      );
      await new Promise((resolve) => setTimeout(resolve, delayMs));
      // A failed start (a port still held, a health check that never answers) counts as one more crash.
      while (!stopping) {
        try {
          return watch(await start());
        } catch (error) {
          const retryMs = backoff.delayAfterCrash(0);
          console.error(`[stack] ${service.name} did not start again (${describe(error)}); next try in ${retryMs} ms`);
          await new Promise((resolve) => setTimeout(resolve, retryMs));
        }
      }
    });
  };
  watch(await start());
}

function describe(error: unknown): string {
  return error instanceof Error ? error.message : String(error);
}

/** Stops the apps first, so their last spans still reach Jaeger, then Jaeger. */
async function stopAll(exitCode: number): Promise<void> {
  if (stopping) return;
  stopping = true;
  const all = [...running.values()];
  await Promise.all(all.filter((p) => p.name !== 'jaeger').map((p) => p.stop()));
  await Promise.all(all.filter((p) => p.name === 'jaeger').map((p) => p.stop()));
  process.exit(exitCode);
}

process.on('SIGINT', () => void stopAll(0));
process.on('SIGTERM', () => void stopAll(0));

start().catch((error: unknown) => {
  console.error(`[stack] ${describe(error)}`);
  void stopAll(1);
});
