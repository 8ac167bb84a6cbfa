import path from 'node:path';
import { isLoopbackHost } from '@threadline/service-kit';
import { startProcess, type ManagedProcess, type StartOptions } from './child-process';
import { assertPortFree } from './port';
import {
  collectorLaunch,
  DEFAULT_JAEGER_SETTINGS,
  jaegerHealthUrl,
  jaegerLaunch,
  type CollectorSettings,
  type JaegerMode,
  type JaegerSettings,
} from './jaeger-launch';
import { stackConfig } from './stack-config';
import { waitForHttp } from './wait-for-http';

const repoRoot = path.resolve(__dirname, '..', '..');
/** Where every stack's shop listens: loopback only, like the rest of the stack. */
const WEB_HOST = '127.0.0.1';

/** Where one whole stack listens and keeps its data. `npm start` uses the defaults; tests move them. */
export interface StackSettings {
  webPort: number;
  userApiPort: number;
  /** Prometheus scrape ports of the shop and the user API. */
  webMetricsPort: number;
  userApiMetricsPort: number;
  jaeger: JaegerSettings;
  shopDbPath: string;
  userApiDbPath: string;
  /** Each service's PostgreSQL database, its DATABASE_URL; unset, its SQLite file above. */
  shopDatabaseUrl?: string | undefined;
  userApiDatabaseUrl?: string | undefined;
}

export const DEFAULT_STACK_SETTINGS: StackSettings = {
  webPort: stackConfig().webPort,
  userApiPort: stackConfig().userApiPort,
  webMetricsPort: stackConfig().webMetricsPort,
  userApiMetricsPort: stackConfig().userApiMetricsPort,
  jaeger: DEFAULT_JAEGER_SETTINGS,
  shopDbPath: stackConfig().shopDbPath,
  userApiDbPath: stackConfig().userApiDbPath,
  shopDatabaseUrl: stackConfig().shopDatabaseUrl,
  userApiDatabaseUrl: stackConfig().userApiDatabaseUrl,
};

/** The wiring every app process of a stack gets; what the caller passes in `overrides` wins. */
export function appEnv(settings: StackSettings, overrides: Record<string, string | undefined> = {}): NodeJS.ProcessEnv {
  return {
    ...process.env,
    OTEL_EXPORTER_OTLP_ENDPOINT: stackConfig().otlpEndpoint ?? `http://127.0.0.1:${settings.jaeger.otlpHttpPort}`,
    USER_API_PORT: String(settings.userApiPort),
    METRICS_PORT: String(settings.webMetricsPort),
    USER_API_METRICS_PORT: String(settings.userApiMetricsPort),
    USER_API_URL: stackConfig().userApiUrl ?? `http://127.0.0.1:${settings.userApiPort}`,
    USER_API_DB_PATH: settings.userApiDbPath,
    SHOP_DB_PATH: settings.shopDbPath,
    JAEGER_QUERY_URL: stackConfig().jaegerQueryUrl ?? `http://127.0.0.1:${settings.jaeger.queryHttpPort}`,
    JAEGER_UI_URL: stackConfig().jaegerUiUrl,
    ...overrides,
  };
}

export async function startJaeger(
  mode: Exclude<JaegerMode, 'external'>,
  settings: JaegerSettings,
  options?: StartOptions,
): Promise<ManagedProcess> {
  // A leftover process on the port would answer the health check and be mistaken for the new one.
  await assertPortFree(settings.healthPort, '127.0.0.1', 'Jaeger');
  const launch = jaegerLaunch(mode, settings);
  console.log(`[stack] Starting ${launch.description}`);
  const jaeger = startProcess('jaeger', launch.command, launch.args, launch.env, options);
  await waitForHttp(jaegerHealthUrl(settings), { timeoutMs: 120_000, isAlive: jaeger.isRunning });
  return jaeger;
}

export async function startCollector(
  mode: Exclude<JaegerMode, 'external'>,
  settings: CollectorSettings,
  options?: StartOptions,
): Promise<ManagedProcess> {
  await assertPortFree(settings.healthPort, '127.0.0.1', 'the collector');
  const launch = collectorLaunch(mode, settings);
  console.log(`[stack] Starting ${launch.description}`);
  const collector = startProcess('collector', launch.command, launch.args, launch.env, options);
  await waitForHttp(`http://127.0.0.1:${settings.healthPort}/status`, { timeoutMs: 60_000, isAlive: collector.isRunning });
  return collector;
}

export async function startUserApi(
  settings: StackSettings,
  env: NodeJS.ProcessEnv,
  options?: StartOptions & { dev?: boolean },
): Promise<ManagedProcess> {
  await assertPortFree(settings.userApiPort, '127.0.0.1', 'the user API');
  const args = options?.dev
    ? [require.resolve('tsx/cli'), 'watch', path.join(repoRoot, 'services/user-api/src/main.ts')]
    : [path.join(repoRoot, 'services/user-api/dist/main.js')];
  const userApi = startProcess(
    'user-api',
    process.execPath,
    args,
    { ...env, DATABASE_URL: settings.userApiDatabaseUrl },
    options,
  );
  await waitForHttp(`http://127.0.0.1:${settings.userApiPort}/healthz`, { timeoutMs: 30_000, isAlive: userApi.isRunning });
  return userApi;
}

export async function startWeb(
  settings: StackSettings,
  env: NodeJS.ProcessEnv,
  options?: StartOptions & { dev?: boolean },
): Promise<ManagedProcess> {
  await assertPortFree(settings.webPort, '127.0.0.1', 'the shop');
  const nextBin = require.resolve('next/dist/bin/next');
  const web = startProcess(
    'web',
    process.execPath,
    [nextBin, options?.dev ? 'dev' : 'start', '-H', WEB_HOST, '-p', String(settings.webPort)],
    // The shop cannot see where it listens; it is told, so that local callers may switch faults (docs/faults.md).
    {
      ...env,
      PORT: String(settings.webPort),
      SHOP_LISTENS_ON_LOOPBACK: String(isLoopbackHost(WEB_HOST)),
      DATABASE_URL: settings.shopDatabaseUrl,
    },
    options,
  );
  await waitForHttp(`http://127.0.0.1:${settings.webPort}/api/health`, {
    timeoutMs: options?.dev ? 120_000 : 60_000,
    isAlive: web.isRunning,
  });
  return web;
}
