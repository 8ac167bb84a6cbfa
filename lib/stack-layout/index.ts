/**
 * @threadline/stack-layout: the services of one order's trace, by the `service.name` each reports,
 * and where each part of the stack listens by default (loopback only). The one place these are
 * written, at the bottom of the tree: telemetry, trace analysis, the services and the tools all read
 * it, and it imports nothing.
 */
export const SERVICE_NAMES = {
  browser: 'shop-browser',
  web: 'shop-web',
  userApi: 'user-api',
} as const;

export const DEFAULT_PORTS = {
  shop: 3000,
  shopMetrics: 9464,
  userApi: 8080,
  userApiMetrics: 9465,
  jaegerOtlpHttp: 4318,
  jaegerQuery: 16686,
} as const;

export const DEFAULT_URLS = {
  shop: `http://127.0.0.1:${DEFAULT_PORTS.shop}`,
  userApi: `http://127.0.0.1:${DEFAULT_PORTS.userApi}`,
  // Loopback, not `localhost`: Jaeger listens on 127.0.0.1 only, and `localhost` may resolve to ::1 first.
  otlp: `http://127.0.0.1:${DEFAULT_PORTS.jaegerOtlpHttp}`,
  jaegerQuery: `http://127.0.0.1:${DEFAULT_PORTS.jaegerQuery}`,
  // As a person's browser reaches Jaeger's UI.
  jaegerUi: `http://localhost:${DEFAULT_PORTS.jaegerQuery}`,
} as const;
