import path from 'node:path';
import { DEFAULT_PORTS, SERVICE_NAMES } from '@threadline/stack-layout';
import { readNodeTelemetrySettings, type NodeTelemetrySettings } from '@threadline/otel-node';
import {
  boundedIntFromEnv,
  MAX_FAULT_DELAY_MS,
  MIN_FAULTS_TOKEN_LENGTH,
  positiveIntFromEnv,
  ratioFromEnv,
  secretFromEnv,
  type EnvVars,
} from '@threadline/service-kit';
import type { UserApiFaultSettings } from '../client/contract';
import packageJson from '../package.json';

/** Everything the user API reads from its environment: read once, validated, each default beside it. */
export interface UserApiConfig {
  /** USER_API_HOST: the address to listen on. Default 127.0.0.1 (loopback only). */
  host: string;
  /** USER_API_PORT: default 8080. */
  port: number;
  /** USER_API_DB_PATH: the service's own SQLite file, when DATABASE_URL is unset. Default data/user-api.db. */
  databasePath: string;
  /** DATABASE_URL: a postgres:// URL of the service's own PostgreSQL database, which replicas share. Default none: SQLite. */
  databaseUrl: string | undefined;
  /** The OTEL_* variables and Threadline's telemetry switches (USER_API_METRICS_PORT, default 9465). */
  telemetry: NodeTelemetrySettings;
  /** OTEL_LOGS_EXPORTER: set, the SDK exports logs as it says; unset, none (Jaeger takes no logs). */
  logsExporterConfigured: boolean;
  /**
   * The faults switched on at start (docs/faults.md), all 0 (off) by default; GET/PUT /faults change
   * them while the service runs. FAULT_USER_API_LATENCY_MS and FAULT_USER_API_JITTER_MS: delay added to
   * each user request, fixed plus up to the jitter; FAULT_USER_API_ERROR_RATE: share of user lookups
   * that fail with 500; FAULT_USER_API_SLOW_QUERY_MS: wait inside each users query.
   */
  faults: UserApiFaultSettings;
  /** FAULTS_TOKEN: a bearer token (16+ characters) that opens /faults to callers not on this machine. Default none. */
  faultsToken: string | undefined;
}

/** Reads the configuration; what `overrides` sets wins over the environment. */
export function readUserApiConfig(env: EnvVars, overrides: Partial<UserApiConfig> = {}): UserApiConfig {
  return {
    host: env.USER_API_HOST?.trim() || '127.0.0.1',
    port: positiveIntFromEnv('USER_API_PORT', env.USER_API_PORT, DEFAULT_PORTS.userApi),
    databasePath: path.resolve(env.USER_API_DB_PATH?.trim() || path.join('data', 'user-api.db')),
    databaseUrl: env.DATABASE_URL?.trim() || undefined,
    telemetry: readNodeTelemetrySettings(env, {
      serviceName: SERVICE_NAMES.userApi,
      serviceVersion: packageJson.version,
      metricsPortVariable: 'USER_API_METRICS_PORT',
      metricsPort: DEFAULT_PORTS.userApiMetrics,
    }),
    logsExporterConfigured: Boolean(env.OTEL_LOGS_EXPORTER?.trim()),
    faults: {
      latencyMs: boundedIntFromEnv('FAULT_USER_API_LATENCY_MS', env.FAULT_USER_API_LATENCY_MS, 0, MAX_FAULT_DELAY_MS),
      jitterMs: boundedIntFromEnv('FAULT_USER_API_JITTER_MS', env.FAULT_USER_API_JITTER_MS, 0, MAX_FAULT_DELAY_MS),
      errorRate: ratioFromEnv('FAULT_USER_API_ERROR_RATE', env.FAULT_USER_API_ERROR_RATE, 0),
      slowQueryMs: boundedIntFromEnv('FAULT_USER_API_SLOW_QUERY_MS', env.FAULT_USER_API_SLOW_QUERY_MS, 0, MAX_FAULT_DELAY_MS),
    },
    faultsToken: secretFromEnv('FAULTS_TOKEN', env.FAULTS_TOKEN, MIN_FAULTS_TOKEN_LENGTH),
    ...overrides,
  };
}

let processConfig: UserApiConfig | undefined;

/** This process's configuration, read from process.env on first use: the one place the service reads it. */
export function userApiConfig(): UserApiConfig {
  processConfig ??= readUserApiConfig(process.env);
  return processConfig;
}
