import fs from 'node:fs';
import path from 'node:path';
import type { ManagedProcess } from './child-process';
import { DEFAULT_JAEGER_SETTINGS, jaegerQueryUrl, type CollectorSettings, type JaegerSettings } from './jaeger-launch';
import { appEnv, startCollector, startJaeger, startUserApi, startWeb, type StackSettings } from './stack-services';
import { JaegerQueryClient } from '@threadline/traces';
import { stackConfig } from './stack-config';
import { databaseUrlOn, recreateDatabases } from './stack-databases';

const repoRoot = path.resolve(__dirname, '..', '..');

type ServiceName = 'jaeger' | 'collector' | 'user-api' | 'web';

/** An isolated stack always runs its own Jaeger, even when the main one is external. */
function isolatedJaegerMode(): 'auto' | 'docker' | 'binary' {
  const mode = stackConfig().jaegerMode;
  return mode === 'external' ? 'auto' : mode;
}

/**
 * A whole stack of its own (Jaeger, user API, shop) on ports beside the main one, for tests and
 * benchmarks that stop, start, pause and restart the real processes, or start them with other settings. `offset` moves every port, so two
 * isolated stacks never collide; each keeps its data under data/e2e/<name>.
 */
export class IsolatedStack {
  private static readonly created: IsolatedStack[] = [];

  /** Every stack made in this process, so a runner can stop them all on the way out. */
  static all(): IsolatedStack[] {
    return [...IsolatedStack.created];
  }

  readonly settings: StackSettings;
  readonly jaeger: JaegerQueryClient;
  private readonly running = new Map<ServiceName, ManagedProcess>();
  private readonly logs = new Map<ServiceName, string[]>();
  private readonly dataDir: string;
  /** On PostgreSQL (THREADLINE_POSTGRES_SERVER_URL): created afresh before the first service starts. */
  private databasesReady: Promise<void> | undefined;
  private readonly postgresServer: string | undefined;
  private readonly postgresDatabases: string[] = [];

  /** With a collector in front of Jaeger: the apps send to it, and it forwards what it keeps. */
  readonly collector: CollectorSettings | undefined;

  constructor(
    readonly name: string,
    offset: number,
    private readonly envOverrides: Partial<Record<'user-api' | 'web', Record<string, string>>> = {},
    collectorTuning?: Record<string, string>,
    /** Output to <service>.log files in the stack's data folder instead of `log()` (for load tests). */
    private readonly logsToFiles = false,
    /** The PostgreSQL server the stack makes its databases on; unset, SQLite files (default: THREADLINE_POSTGRES_SERVER_URL). */
    postgresServerUrl: string | undefined = stackConfig().postgresServerUrl,
  ) {
    this.postgresServer = postgresServerUrl;
    const dataDir = path.join(repoRoot, 'data', 'e2e', name);
    this.dataDir = dataDir;
    fs.rmSync(dataDir, { recursive: true, force: true });
    const jaegerSettings: JaegerSettings = {
      otlpHttpPort: DEFAULT_JAEGER_SETTINGS.otlpHttpPort + offset,
      otlpGrpcPort: DEFAULT_JAEGER_SETTINGS.otlpGrpcPort + offset,
      queryHttpPort: DEFAULT_JAEGER_SETTINGS.queryHttpPort + offset,
      queryGrpcPort: DEFAULT_JAEGER_SETTINGS.queryGrpcPort + offset,
      healthPort: DEFAULT_JAEGER_SETTINGS.healthPort + offset,
      metricsPort: DEFAULT_JAEGER_SETTINGS.metricsPort + offset,
      dataDir: path.join(dataDir, 'jaeger'),
    };
    const postgresServer = postgresServerUrl;
    const databaseName = (service: string) => `${name.replace(/[^a-z0-9]+/gi, '_').toLowerCase()}_${service}`;
    if (postgresServer) this.postgresDatabases.push(databaseName('shop'), databaseName('user_api'));
    this.settings = {
      webPort: 3000 + offset,
      userApiPort: 8080 + offset,
      webMetricsPort: 9464 + 2 * offset,
      userApiMetricsPort: 9465 + 2 * offset,
      jaeger: jaegerSettings,
      shopDbPath: path.join(dataDir, 'shop.db'),
      userApiDbPath: path.join(dataDir, 'user-api.db'),
      shopDatabaseUrl: postgresServer && databaseUrlOn(postgresServer, databaseName('shop')),
      userApiDatabaseUrl: postgresServer && databaseUrlOn(postgresServer, databaseName('user_api')),
    };
    this.jaeger = new JaegerQueryClient(jaegerQueryUrl(jaegerSettings));
    this.collector = collectorTuning && {
      otlpHttpPort: 4328 + offset,
      otlpGrpcPort: 4327 + offset,
      healthPort: 13134 + offset,
      metricsPort: 8889 + offset,
      exportEndpoint: `http://127.0.0.1:${jaegerSettings.otlpHttpPort}`,
      tuning: collectorTuning,
    };
    IsolatedStack.created.push(this);
  }

  get shopUrl(): string {
    return `http://127.0.0.1:${this.settings.webPort}`;
  }

  get userApiUrl(): string {
    return `http://127.0.0.1:${this.settings.userApiPort}`;
  }

  metricsUrl(service: 'web' | 'user-api'): string {
    return `http://127.0.0.1:${service === 'web' ? this.settings.webMetricsPort : this.settings.userApiMetricsPort}/metrics`;
  }

  /** Every line a service has written since the stack was made (across restarts). */
  log(service: ServiceName): string[] {
    return this.logs.get(service) ?? [];
  }

  async start(service: ServiceName): Promise<void> {
    if (this.running.get(service)?.isRunning()) throw new Error(`${service} of ${this.name} is already running`);
    if (this.postgresServer && (service === 'web' || service === 'user-api')) {
      this.databasesReady ??= recreateDatabases(this.postgresServer, this.postgresDatabases);
      await this.databasesReady;
    }
    const lines = this.logs.get(service) ?? [];
    this.logs.set(service, lines);
    if (this.logsToFiles) fs.mkdirSync(this.dataDir, { recursive: true });
    const options = this.logsToFiles
      ? { logFile: path.join(this.dataDir, `${service}.log`) }
      : { onLine: (line: string) => lines.push(line), echo: false };
    const env = this.envFor(service);
    const started =
      service === 'jaeger'
        ? await startJaeger(isolatedJaegerMode(), this.settings.jaeger, options)
        : service === 'collector'
          ? await startCollector(isolatedJaegerMode(), this.requireCollector(), options)
          : service === 'user-api'
            ? await startUserApi(this.settings, env, options)
            : await startWeb(this.settings, env, options);
    this.running.set(service, started);
  }

  /** The environment a service of this stack starts with (a benchmark's extra replica takes the web's). */
  envFor(service: ServiceName): NodeJS.ProcessEnv {
    return appEnv(this.settings, {
      OTEL_EXPORTER_OTLP_ENDPOINT: `http://127.0.0.1:${this.collector?.otlpHttpPort ?? this.settings.jaeger.otlpHttpPort}`,
      USER_API_URL: this.userApiUrl,
      JAEGER_QUERY_URL: jaegerQueryUrl(this.settings.jaeger),
      ...(service === 'user-api' || service === 'web' ? this.envOverrides[service] : {}),
    });
  }

  /** SIGTERM: the graceful way, as an orchestrator stops a service. */
  async stop(service: ServiceName): Promise<void> {
    await this.running.get(service)?.stop();
    this.running.delete(service);
  }

  async restart(service: ServiceName): Promise<void> {
    await this.stop(service);
    await this.start(service);
  }

  /** The process ID of a running service, e.g. to read its memory. */
  pid(service: ServiceName): number | undefined {
    return this.running.get(service)?.child.pid;
  }

  /** SIGSTOP: the process keeps its port but answers nothing, like a hung service. */
  pause(service: ServiceName): void {
    this.running.get(service)?.child.kill('SIGSTOP');
  }

  resume(service: ServiceName): void {
    this.running.get(service)?.child.kill('SIGCONT');
  }

  private requireCollector(): CollectorSettings {
    if (!this.collector) throw new Error(`${this.name} was made without a collector`);
    return this.collector;
  }

  async startAll(): Promise<void> {
    await this.start('jaeger');
    if (this.collector) await this.start('collector');
    await this.start('user-api');
    await this.start('web');
  }

  async stopAll(): Promise<void> {
    for (const service of ['jaeger', 'collector', 'user-api', 'web'] as const) this.resume(service);
    await Promise.all([this.stop('web'), this.stop('user-api')]);
    await this.stop('collector');
    await this.stop('jaeger');
  }
}
