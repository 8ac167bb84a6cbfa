import path from 'node:path';
import { DEFAULT_PORTS, SERVICE_NAMES } from '@threadline/otel-common';
import { readNodeTelemetrySettings, type NodeTelemetrySettings } from '@threadline/otel-node';
import { positiveIntFromEnv, type EnvVars } from '@threadline/service-kit';
import packageJson from '../package.json';

/** Everything the user API reads from its environment: read once, validated, each default beside it. */
export interface UserApiConfig {
  /** USER_API_HOST: the address to listen on. Default 127.0.0.1 (loopback only). */
  host: string;
  /** USER_API_PORT: default 8080. */
  port: number;
  /** USER_API_DB_PATH: the service's own SQLite file. Default data/user-api.db. */
  databasePath: string;
  /** The OTEL_* variables and Threadline's telemetry switches (USER_API_METRICS_PORT, default 9465). */
  telemetry: NodeTelemetrySettings;
  /** OTEL_LOGS_EXPORTER: set, the SDK exports logs as it says; unset, none (Jaeger takes no logs). */
  logsExporterConfigured: boolean;
}

/** Reads the configuration; what `overrides` sets wins over the environment. */
export function readUserApiConfig(env: EnvVars, overrides: Partial<UserApiConfig> = {}): UserApiConfig {
  return {
    host: env.USER_API_HOST?.trim() || '127.0.0.1',
    port: positiveIntFromEnv('USER_API_PORT', env.USER_API_PORT, DEFAULT_PORTS.userApi),
    databasePath: path.resolve(env.USER_API_DB_PATH?.trim() || path.join('data', 'user-api.db')),
    telemetry: readNodeTelemetrySettings(env, {
      serviceName: SERVICE_NAMES.userApi,
      serviceVersion: packageJson.version,
      metricsPortVariable: 'USER_API_METRICS_PORT',
      metricsPort: DEFAULT_PORTS.userApiMetrics,
    }),
    logsExporterConfigured: Boolean(env.OTEL_LOGS_EXPORTER?.trim()),
    ...overrides,
  };
}

let processConfig: UserApiConfig | undefined;

/** This process's configuration, read from process.env on first use: the one place the service reads it. */
export function userApiConfig(): UserApiConfig {
  processConfig ??= readUserApiConfig(process.env);
  return processConfig;
}
