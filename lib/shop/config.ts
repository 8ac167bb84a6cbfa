import path from 'node:path';
import { redactionPolicyFromEnv, type RedactionPolicy } from '../otel/redaction';
import { booleanFromEnv, httpUrlFromEnv, positiveIntFromEnv, ratioFromEnv, type EnvVars } from '../config/env-values';

/** Everything the web tier reads from its environment, read once, validated, with its default. */
export interface ShopConfig {
  /** USER_API_URL: where the user API listens. Default http://127.0.0.1:8080. */
  userApiUrl: URL;
  /** USER_API_TIMEOUT_MS: how long an order waits for the user API before answering 504. Default 3000. */
  userApiTimeoutMs: number;
  /** SHOP_DB_PATH: the web tier's SQLite file. Default data/shop.db. */
  databasePath: string;
  /** JAEGER_UI_URL: base of the "View trace in Jaeger" links, as the person's browser reaches it. Default http://localhost:16686. */
  jaegerUiUrl: string;
  /** JAEGER_QUERY_URL: Jaeger's query API as the shop's server reaches it (the browser never does). Default http://127.0.0.1:16686. */
  jaegerQueryUrl: string;
  /** OTLP_PROXY_MAX_BYTES: the largest span batch the browser may send through the shop. Default 1 MiB. */
  otlpProxyMaxBytes: number;
  /** `deployment.environment.name` from OTEL_RESOURCE_ATTRIBUTES, for the browser's spans. Default "local". */
  environment: string;
  /** REDACT_ATTRIBUTE_KEYS / REDACT_QUERY_PARAMS over the defaults, handed to the browser too. */
  redaction: RedactionPolicy;
  /** Browser tracing is off with the rest when OTEL_SDK_DISABLED=true. */
  browserTracingEnabled: boolean;
  /** OTLP_PROXY_RATE_LIMIT / OTLP_PROXY_BURST: span batches per second per client, and at once. Default 20 / 40. */
  otlpProxyRatePerSecond: number;
  otlpProxyBurst: number;
  /** OTLP_PROXY_GLOBAL_RATE_LIMIT: span batches per second from all clients together. Default 200. */
  otlpProxyGlobalRatePerSecond: number;
  /** OTLP_PROXY_ALLOWED_ORIGINS: origins besides the shop's own whose pages may send spans. Default none. */
  otlpProxyAllowedOrigins: string[];
  /** BROWSER_TRACES_SAMPLER_ARG: share of browser sessions' clicks that start a sampled trace, 0 to 1. Default 1. */
  browserTraceRatio: number;
}

export function readShopConfig(env: EnvVars = process.env): ShopConfig {
  return {
    userApiUrl: httpUrlFromEnv('USER_API_URL', env.USER_API_URL, 'http://127.0.0.1:8080'),
    userApiTimeoutMs: positiveIntFromEnv('USER_API_TIMEOUT_MS', env.USER_API_TIMEOUT_MS, 3000),
    // The path is a run-time setting: keep the bundler from tracing the project folder through it.
    databasePath: path.resolve(/* turbopackIgnore: true */ env.SHOP_DB_PATH || path.join('data', 'shop.db')),
    jaegerUiUrl: httpUrlFromEnv('JAEGER_UI_URL', env.JAEGER_UI_URL, 'http://localhost:16686').toString().replace(/\/+$/, ''),
    jaegerQueryUrl: httpUrlFromEnv('JAEGER_QUERY_URL', env.JAEGER_QUERY_URL, 'http://127.0.0.1:16686').toString().replace(/\/+$/, ''),
    otlpProxyMaxBytes: positiveIntFromEnv('OTLP_PROXY_MAX_BYTES', env.OTLP_PROXY_MAX_BYTES, 1024 * 1024),
    otlpProxyRatePerSecond: positiveIntFromEnv('OTLP_PROXY_RATE_LIMIT', env.OTLP_PROXY_RATE_LIMIT, 20),
    otlpProxyBurst: positiveIntFromEnv('OTLP_PROXY_BURST', env.OTLP_PROXY_BURST, 40),
    otlpProxyGlobalRatePerSecond: positiveIntFromEnv('OTLP_PROXY_GLOBAL_RATE_LIMIT', env.OTLP_PROXY_GLOBAL_RATE_LIMIT, 200),
    otlpProxyAllowedOrigins: (env.OTLP_PROXY_ALLOWED_ORIGINS ?? '').split(',').map((origin) => origin.trim()).filter((origin) => origin !== ''),
    environment: resourceAttributeFromEnv(env.OTEL_RESOURCE_ATTRIBUTES, 'deployment.environment.name') ?? 'local',
    redaction: redactionPolicyFromEnv(env),
    browserTracingEnabled: !booleanFromEnv(env.OTEL_SDK_DISABLED),
    browserTraceRatio: ratioFromEnv('BROWSER_TRACES_SAMPLER_ARG', env.BROWSER_TRACES_SAMPLER_ARG, 1),
  };
}

let cached: ShopConfig | undefined;

/** The process's configuration, read on first use. */
export function shopConfig(): ShopConfig {
  cached ??= readShopConfig();
  return cached;
}

/** One key's value from an OTEL_RESOURCE_ATTRIBUTES list ("k1=v1,k2=v2", values percent-encoded). */
export function resourceAttributeFromEnv(raw: string | undefined, key: string): string | undefined {
  for (const pair of (raw ?? '').split(',')) {
    const [name, ...rest] = pair.split('=');
    if (name?.trim() === key && rest.length > 0) return decodeURIComponent(rest.join('=').trim());
  }
  return undefined;
}
