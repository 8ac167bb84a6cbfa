import type { Attributes } from '@opentelemetry/api';
import type { PageErrorSource } from './page-errors';

/** What the server tells the browser about tracing: runtime settings, no rebuild needed. */
export interface BrowserTracingConfig {
  serviceName: string;
  /** Same-origin path the browser sends spans to; the shop relays them to the collector. */
  exportPath: string;
  /** Share of new traces the browser records, 0 to 1. */
  sampleRatio: number;
  /** The shop's version: `service.version`, and the `threadline.app.version` baggage entry. */
  appVersion: string;
  /** `deployment.environment.name`. */
  environment: string;
  /** What the server knows this visit by (derived from its cookie, granting nothing); `session.id` on every span. */
  sessionId?: string | undefined;
  /** The left half of every trace ID this visit's pages start: how the shop tells the visit's traces apart. */
  traceIdPrefix?: string | undefined;
  /** The page load the server rendered under: the page records its page-load span with these IDs, as the trace's root. */
  pageLoad?: { traceId: string; spanId: string } | undefined;
}

export interface BrowserTracing {
  /**
   * Runs `work` inside a new root span for a user's click; the span fails if `work` throws.
   * `work` must call fetch before its first await so the fetch span becomes the click's child.
   */
  traceClick<T>(name: string, attributes: Attributes, work: () => Promise<T>): Promise<T>;
  /**
   * Like traceClick, for a click that calls a Server Action: React sends the action's request later,
   * outside this call, so the request is matched by its Next-Action header and sent in the click's
   * context (see server-action-context.ts).
   */
  traceServerAction<T>(name: string, attributes: Attributes, work: () => Promise<T>): Promise<T>;
  /** Records an error the page ran into as a `browser error` span (see page-errors.ts). */
  recordError(error: unknown, source: PageErrorSource, componentStack?: string): void;
  flush(): Promise<void>;
}
