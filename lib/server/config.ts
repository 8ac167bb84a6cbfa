import path from 'node:path';
import { DEFAULT_PORTS, DEFAULT_URLS, SERVICE_NAMES } from '@threadline/stack-layout';
import { readNodeTelemetrySettings, type NodeTelemetrySettings } from '@threadline/otel-node';
import {
  booleanFromEnv,
  httpUrlFromEnv,
  MIN_FAULTS_TOKEN_LENGTH,
  positiveIntFromEnv,
  ratioFromEnv,
  secretFromEnv,
  type EnvVars,
} from '@threadline/service-kit';
import packageJson from '../../package.json';
import type { SpanBatchLimits } from '../otel/next/span-relay';
import { MIN_SESSION_SECRET_LENGTH } from './visit/visit-secret';

/** Everything the web tier reads from its environment: read once per process, validated, each default beside it. */
export interface ShopConfig {
  /** USER_API_URL: where the user API listens. Default http://127.0.0.1:8080. */
  userApiUrl: URL;
  /** USER_API_TIMEOUT_MS: how long an order waits for the user API before answering 504. Default 3000. */
  userApiTimeoutMs: number;
  /** SHOP_DB_PATH: the web tier's SQLite file, when DATABASE_URL is unset. Default data/shop.db. */
  databasePath: string;
  /** DATABASE_URL: a postgres:// URL of the shop's own PostgreSQL database, which replicas share. Default none: SQLite. */
  databaseUrl: string | undefined;
  /** JAEGER_UI_URL: base of the "View trace in Jaeger" links, as the person's browser reaches it. Default http://localhost:16686. */
  jaegerUiUrl: string;
  /** JAEGER_QUERY_URL: Jaeger's query API as the shop's server reaches it (the browser never does). Default http://127.0.0.1:16686. */
  jaegerQueryUrl: string;
  /** The browser span relay (/otlp/v1/traces). */
  relay: {
    /** SPAN_RELAY_MAX_BYTES: the largest span batch the browser may send through the shop. Default 1 MiB. */
    maxBytes: number;
    /** SPAN_RELAY_RATE_LIMIT / SPAN_RELAY_BURST: span batches per second per client, and at once. Default 20 / 40. */
    ratePerSecond: number;
    burst: number;
    /** SPAN_RELAY_GLOBAL_RATE_LIMIT: span batches per second from all clients together. Default 200. */
    globalRatePerSecond: number;
    /** SPAN_RELAY_ALLOWED_ORIGINS: origins besides the shop's own whose pages may send spans. Default none. */
    allowedOrigins: string[];
    /**
     * What one batch may hold: SPAN_RELAY_MAX_SPANS_PER_BATCH (512), SPAN_RELAY_MAX_ATTRIBUTES_PER_SPAN,
     * _MAX_EVENTS_PER_SPAN and _MAX_LINKS_PER_SPAN (128 each), SPAN_RELAY_MAX_ATTRIBUTE_VALUE_LENGTH (4096),
     * SPAN_RELAY_MAX_NAME_LENGTH (256), SPAN_RELAY_TIMESTAMP_WINDOW_SECONDS (86400). The defaults leave
     * room over everything the page sends (at most 256 spans per export, the SDK's 128 attributes,
     * events and links per span).
     */
    batchLimits: SpanBatchLimits;
  };
  /** What the page's tracer is given; the relay, not the page, redacts its spans (`telemetry.redaction`). */
  browser: {
    /** Off with the rest when OTEL_SDK_DISABLED=true. */
    tracingEnabled: boolean;
    /** BROWSER_TRACES_SAMPLER_ARG: share of clicks that start a sampled trace, 0 to 1. Default 1. */
    traceRatio: number;
    /** `deployment.environment.name` from OTEL_RESOURCE_ATTRIBUTES. Default "local". */
    environment: string;
  };
  /** The OTEL_* variables and Threadline's telemetry switches (METRICS_PORT, default 9464). */
  telemetry: NodeTelemetrySettings;
  /** THREADLINE_NEXT_INTERNAL_SPANS=true keeps Next.js's bookkeeping spans. Default false. */
  keepNextInternalSpans: boolean;
  /** Visits (lib/server/visit): the key of their cookies. */
  visit: {
    /** SESSION_SECRET (32+ characters): replicas of the shop must share it. Default: a random key made once in `session-secret` beside SHOP_DB_PATH. */
    secret: string | undefined;
    secretFile: string;
  };
  /** The request edge (lib/server/http/request-edge.ts): what is believed of a request before Next.js reads it. */
  edge: {
    /** TRUSTED_PROXIES: IPs or CIDR networks of proxies whose X-Forwarded-For names the client. Default none: the TCP peer is the client. */
    trustedProxies: string[];
    /** TRUSTED_TRACE_CLIENTS: IPs or CIDR networks whose `traceparent` is continued whatever trace it names. Default none. */
    trustedTraceClients: string[];
    /** SHOP_ALLOWED_HOSTS: Host header values (host or host:port) traces are served for, besides loopback names. Default none. */
    allowedHosts: string[];
  };
  /** NODE_ENV=development: `next dev`. */
  isDev: boolean;
  /** NEXT_PHASE: `next build` runs instrumentation too, with nothing to trace. */
  isBuildPhase: boolean;
  /** Faults on purpose (docs/faults.md): the shop's own, and who may switch any of them. */
  faults: {
    /** FAULT_ORDER_FAILURE_RATE: share of orders refused with 500 after the user lookup, 0 to 1, at start. Default 0 (off). */
    orderFailureRate: number;
    /** FAULTS_TOKEN: bearer token (16+ characters) that opens the faults API from anywhere; sent on to the user API. Default none. */
    token: string | undefined;
    /**
     * SHOP_LISTENS_ON_LOOPBACK=true: the launcher's word that the shop listens on loopback alone (npm
     * start sets it beside `-H 127.0.0.1`). A route handler cannot see its socket, so without this no
     * caller counts as local and only the token opens the faults API. Default false.
     */
    listensOnLoopbackOnly: boolean;
  };
}

/** Reads the configuration; what `overrides` sets wins over the environment. */
export function readShopConfig(env: EnvVars, overrides: Partial<ShopConfig> = {}): ShopConfig {
  // The path is a run-time setting: keep the bundler from tracing the project folder through it.
  const databasePath = path.resolve(/* turbopackIgnore: true */ env.SHOP_DB_PATH || path.join('data', 'shop.db'));
  return {
    userApiUrl: httpUrlFromEnv('USER_API_URL', env.USER_API_URL, DEFAULT_URLS.userApi),
    userApiTimeoutMs: positiveIntFromEnv('USER_API_TIMEOUT_MS', env.USER_API_TIMEOUT_MS, 3000),
    databasePath,
    databaseUrl: env.DATABASE_URL?.trim() || undefined,
    jaegerUiUrl: withoutTrailingSlash(httpUrlFromEnv('JAEGER_UI_URL', env.JAEGER_UI_URL, DEFAULT_URLS.jaegerUi)),
    jaegerQueryUrl: withoutTrailingSlash(httpUrlFromEnv('JAEGER_QUERY_URL', env.JAEGER_QUERY_URL, DEFAULT_URLS.jaegerQuery)),
    relay: {
      maxBytes: positiveIntFromEnv('SPAN_RELAY_MAX_BYTES', env.SPAN_RELAY_MAX_BYTES, 1024 * 1024),
      ratePerSecond: positiveIntFromEnv('SPAN_RELAY_RATE_LIMIT', env.SPAN_RELAY_RATE_LIMIT, 20),
      burst: positiveIntFromEnv('SPAN_RELAY_BURST', env.SPAN_RELAY_BURST, 40),
      globalRatePerSecond: positiveIntFromEnv('SPAN_RELAY_GLOBAL_RATE_LIMIT', env.SPAN_RELAY_GLOBAL_RATE_LIMIT, 200),
      allowedOrigins: listFromEnv(env.SPAN_RELAY_ALLOWED_ORIGINS),
      batchLimits: {
        maxSpans: positiveIntFromEnv('SPAN_RELAY_MAX_SPANS_PER_BATCH', env.SPAN_RELAY_MAX_SPANS_PER_BATCH, 512),
        maxAttributesPerSpan: positiveIntFromEnv(
          'SPAN_RELAY_MAX_ATTRIBUTES_PER_SPAN',
          env.SPAN_RELAY_MAX_ATTRIBUTES_PER_SPAN,
          128,
        ),
        maxEventsPerSpan: positiveIntFromEnv('SPAN_RELAY_MAX_EVENTS_PER_SPAN', env.SPAN_RELAY_MAX_EVENTS_PER_SPAN, 128),
        maxLinksPerSpan: positiveIntFromEnv('SPAN_RELAY_MAX_LINKS_PER_SPAN', env.SPAN_RELAY_MAX_LINKS_PER_SPAN, 128),
        maxAttributeValueLength: positiveIntFromEnv(
          'SPAN_RELAY_MAX_ATTRIBUTE_VALUE_LENGTH',
          env.SPAN_RELAY_MAX_ATTRIBUTE_VALUE_LENGTH,
          4096,
        ),
        maxNameLength: positiveIntFromEnv('SPAN_RELAY_MAX_NAME_LENGTH', env.SPAN_RELAY_MAX_NAME_LENGTH, 256),
        timestampWindowSeconds: positiveIntFromEnv(
          'SPAN_RELAY_TIMESTAMP_WINDOW_SECONDS',
          env.SPAN_RELAY_TIMESTAMP_WINDOW_SECONDS,
          24 * 60 * 60,
        ),
      },
    },
    browser: {
      tracingEnabled: !booleanFromEnv(env.OTEL_SDK_DISABLED),
      traceRatio: ratioFromEnv('BROWSER_TRACES_SAMPLER_ARG', env.BROWSER_TRACES_SAMPLER_ARG, 1),
      environment: resourceAttributeFromEnv(env.OTEL_RESOURCE_ATTRIBUTES, 'deployment.environment.name') ?? 'local',
    },
    telemetry: readNodeTelemetrySettings(env, {
      serviceName: SERVICE_NAMES.web,
      serviceVersion: packageJson.version,
      metricsPortVariable: 'METRICS_PORT',
      metricsPort: DEFAULT_PORTS.shopMetrics,
    }),
    visit: {
      secret: secretFromEnv('SESSION_SECRET', env.SESSION_SECRET, MIN_SESSION_SECRET_LENGTH),
      secretFile: path.join(path.dirname(databasePath), 'session-secret'),
    },
    edge: {
      trustedProxies: listFromEnv(env.TRUSTED_PROXIES),
      trustedTraceClients: listFromEnv(env.TRUSTED_TRACE_CLIENTS),
      allowedHosts: listFromEnv(env.SHOP_ALLOWED_HOSTS).map((host) => host.toLowerCase()),
    },
    isDev: env.NODE_ENV === 'development',
    keepNextInternalSpans: booleanFromEnv(env.THREADLINE_NEXT_INTERNAL_SPANS),
    isBuildPhase: env.NEXT_PHASE === 'phase-production-build',
    faults: {
      orderFailureRate: ratioFromEnv('FAULT_ORDER_FAILURE_RATE', env.FAULT_ORDER_FAILURE_RATE, 0),
      token: secretFromEnv('FAULTS_TOKEN', env.FAULTS_TOKEN, MIN_FAULTS_TOKEN_LENGTH),
      listensOnLoopbackOnly: booleanFromEnv(env.SHOP_LISTENS_ON_LOOPBACK),
    },
    ...overrides,
  };
}

// Next.js bundles instrumentation.ts and each route on its own: a module-level variable would be
// one per bundle, so the process's configuration is kept on globalThis.
const PROCESS_CONFIG = Symbol.for('threadline.web.config');
type ConfigHolder = { [PROCESS_CONFIG]?: ShopConfig };

/** This process's configuration, read from process.env on first use: the one place the web tier reads it. */
export function shopConfig(): ShopConfig {
  const holder = globalThis as ConfigHolder;
  holder[PROCESS_CONFIG] ??= readShopConfig(process.env);
  return holder[PROCESS_CONFIG];
}

/**
 * @vercel/otel tests OTEL_SDK_DISABLED with Boolean(), so "false" would switch its tracing off. The
 * configuration above has read the variable as the specification does; the copy @vercel/otel would
 * misread goes.
 */
export function hideSdkDisabledFromVercelOtel(): void {
  delete process.env.OTEL_SDK_DISABLED;
}

/** One key's value from an OTEL_RESOURCE_ATTRIBUTES list ("k1=v1,k2=v2", values percent-encoded). */
export function resourceAttributeFromEnv(raw: string | undefined, key: string): string | undefined {
  for (const pair of (raw ?? '').split(',')) {
    const [name, ...rest] = pair.split('=');
    if (name?.trim() === key && rest.length > 0) return decodeURIComponent(rest.join('=').trim());
  }
  return undefined;
}

/** A comma-separated list, trimmed, without empty entries. */
function listFromEnv(raw: string | undefined): string[] {
  return (raw ?? '')
    .split(',')
    .map((item) => item.trim())
    .filter((item) => item !== '');
}

function withoutTrailingSlash(url: URL): string {
  return url.toString().replace(/\/+$/, '');
}
