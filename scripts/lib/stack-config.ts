/**
 * What the stack scripts (npm start, npm run jaeger, the test and bench stacks) read from their
 * environment, read once, here; the rest of scripts/lib takes it from this module.
 */
import os from 'node:os';
import path from 'node:path';
import { DEFAULT_PORTS, DEFAULT_URLS } from '@threadline/stack-layout';
import { positiveIntFromEnv, type EnvVars } from '@threadline/service-kit';

const repoRoot = path.resolve(__dirname, '..', '..');

export type JaegerMode = 'auto' | 'docker' | 'binary' | 'external';

export interface StackConfig {
  /** JAEGER_MODE: auto (Docker when it can, else the source build), docker, binary or external. Default auto. */
  jaegerMode: JaegerMode;
  /** JAEGER_IMAGE: the image Docker runs; unset, the official one for the pinned version. */
  jaegerImage: string | undefined;
  /**
   * JAEGER_BINARY: a Jaeger v2 binary to run instead of building one: an official release's, which
   * embeds Jaeger's UI. Unset, the pinned module is built from source (a placeholder UI only).
   */
  jaegerBinary: string | undefined;
  /** JAEGER_DATA_DIR: where the source-built Jaeger keeps traces. Default data/jaeger. */
  jaegerDataDir: string;
  /** JAEGER_RETENTION: how long Jaeger keeps traces; unset, tools/jaeger/config.yaml's 168h. */
  jaegerRetention: string | undefined;
  /** THREADLINE_CACHE_DIR (else $XDG_CACHE_HOME/threadline, ~/.cache/threadline): where the built Jaeger is kept. */
  cacheDir: string;
  /** PORT, USER_API_PORT, METRICS_PORT, USER_API_METRICS_PORT: where the apps listen. */
  webPort: number;
  userApiPort: number;
  webMetricsPort: number;
  userApiMetricsPort: number;
  /** SHOP_DB_PATH, USER_API_DB_PATH: the two SQLite files. Default data/shop.db, data/user-api.db. */
  shopDbPath: string;
  userApiDbPath: string;
  /**
   * SHOP_DATABASE_URL, USER_API_DATABASE_URL: each service's own PostgreSQL database, handed to it as
   * its DATABASE_URL. Unset, that service keeps its SQLite file.
   */
  shopDatabaseUrl: string | undefined;
  userApiDatabaseUrl: string | undefined;
  /**
   * THREADLINE_POSTGRES_SERVER_URL: a PostgreSQL server (a postgres:// URL of any database on it, whose
   * user may create databases) on which each isolated stack of the tests and benchmarks creates a
   * pair of databases of its own. Unset, isolated stacks keep SQLite files.
   */
  postgresServerUrl: string | undefined;
  /** Addresses the apps are told, when you set them: OTEL_EXPORTER_OTLP_ENDPOINT, USER_API_URL, JAEGER_QUERY_URL. */
  otlpEndpoint: string | undefined;
  userApiUrl: string | undefined;
  jaegerQueryUrl: string | undefined;
  /** JAEGER_UI_URL: Jaeger's UI as your browser reaches it. */
  jaegerUiUrl: string;
}

export function readStackConfig(env: EnvVars): StackConfig {
  // One URL for a whole stack would put both services' tables, and their migration records, in one
  // database; each service owns its own.
  if (env.DATABASE_URL?.trim()) {
    throw new Error(
      'DATABASE_URL names one database, and the stack runs two services that each own theirs: set SHOP_DATABASE_URL and USER_API_DATABASE_URL instead (docs/configuration.md).',
    );
  }
  return {
    jaegerMode: parseJaegerMode(env.JAEGER_MODE),
    jaegerImage: env.JAEGER_IMAGE?.trim() || undefined,
    jaegerBinary: env.JAEGER_BINARY?.trim() ? path.resolve(env.JAEGER_BINARY.trim()) : undefined,
    jaegerDataDir: env.JAEGER_DATA_DIR || path.join(repoRoot, 'data', 'jaeger'),
    jaegerRetention: env.JAEGER_RETENTION?.trim() || undefined,
    cacheDir: env.THREADLINE_CACHE_DIR || path.join(env.XDG_CACHE_HOME || path.join(os.homedir(), '.cache'), 'threadline'),
    webPort: positiveIntFromEnv('PORT', env.PORT, DEFAULT_PORTS.shop),
    userApiPort: positiveIntFromEnv('USER_API_PORT', env.USER_API_PORT, DEFAULT_PORTS.userApi),
    webMetricsPort: positiveIntFromEnv('METRICS_PORT', env.METRICS_PORT, DEFAULT_PORTS.shopMetrics),
    userApiMetricsPort: positiveIntFromEnv('USER_API_METRICS_PORT', env.USER_API_METRICS_PORT, DEFAULT_PORTS.userApiMetrics),
    shopDbPath: env.SHOP_DB_PATH || path.join(repoRoot, 'data', 'shop.db'),
    userApiDbPath: env.USER_API_DB_PATH || path.join(repoRoot, 'data', 'user-api.db'),
    shopDatabaseUrl: postgresUrlFromEnv('SHOP_DATABASE_URL', env.SHOP_DATABASE_URL),
    userApiDatabaseUrl: postgresUrlFromEnv('USER_API_DATABASE_URL', env.USER_API_DATABASE_URL),
    postgresServerUrl: postgresUrlFromEnv('THREADLINE_POSTGRES_SERVER_URL', env.THREADLINE_POSTGRES_SERVER_URL),
    otlpEndpoint: env.OTEL_EXPORTER_OTLP_ENDPOINT || undefined,
    userApiUrl: env.USER_API_URL || undefined,
    jaegerQueryUrl: env.JAEGER_QUERY_URL || undefined,
    jaegerUiUrl: env.JAEGER_UI_URL || DEFAULT_URLS.jaegerUi,
  };
}

function postgresUrlFromEnv(name: string, raw: string | undefined): string | undefined {
  const value = raw?.trim();
  if (!value) return undefined;
  if (!/^postgres(ql)?:\/\//.test(value)) throw new Error(`${name} must be a postgres:// URL`);
  return value;
}

export function parseJaegerMode(raw: string | undefined): JaegerMode {
  const mode = (raw?.trim() || 'auto') as JaegerMode;
  if (!['auto', 'docker', 'binary', 'external'].includes(mode)) {
    throw new Error(`JAEGER_MODE="${raw}" must be auto, docker, binary or external`);
  }
  return mode;
}

let processConfig: StackConfig | undefined;

/** This process's configuration, read from process.env on first use. */
export function stackConfig(): StackConfig {
  processConfig ??= readStackConfig(process.env);
  return processConfig;
}
