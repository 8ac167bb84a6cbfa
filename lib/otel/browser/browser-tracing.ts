import {
  ROOT_CONTEXT,
  SpanStatusCode,
  context,
  propagation,
  trace,
  type Attributes,
  type Context,
  type Tracer,
  type TracerProvider,
} from '@opentelemetry/api';
import { OTLPTraceExporter } from '@opentelemetry/exporter-trace-otlp-http';
import { CompositePropagator, SDK_INFO, W3CBaggagePropagator, W3CTraceContextPropagator } from '@opentelemetry/core';
import { registerInstrumentations } from '@opentelemetry/instrumentation';
import { DocumentLoadInstrumentation } from '@opentelemetry/instrumentation-document-load';
import { FetchInstrumentation } from '@opentelemetry/instrumentation-fetch';
import { resourceFromAttributes } from '@opentelemetry/resources';
// The SDK without sdk-trace-base's environment-variable configuration, which a page has no use for
// (about 1.4 kB gzip of the tracing chunk: npm run bench:chunk). WebTracerProvider would add only
// register(), done below with the web SDK's context manager.
import {
  BatchSpanProcessor,
  ParentBasedSampler,
  TraceIdRatioBasedSampler,
  TracerProvider as SdkTracerProvider,
} from '@opentelemetry/sdk-trace';
import { StackContextManager } from '@opentelemetry/sdk-trace-web';
import { AnchoredTracerProvider } from '@threadline/otel-common';
import { pageRouteOf } from '../../shared/page-routes';
import type { BrowserTracing, BrowserTracingConfig } from './browser-tracing-types';
import { OpenSpansProcessor } from './open-spans-processor';
import { recordPageError } from './page-errors';
import { traceRouterFetches } from './router-fetches';
import { keepContextForServerActions } from './server-action-context';
import { VisitIdGenerator, type ReservedRoot } from './visit-id-generator';
import { PageLoadResourcesExporter } from './page-load-resources';
import { ClickLedger, reportWebVitals, type VitalParent } from './web-vitals';

/**
 * How long one batch may keep retrying. The relay answers 503 with Retry-After: 3 while the collector
 * is down; the exporter retries at most five times within this, so a collector restart of up to
 * 15 s loses nothing from the page. (The SDK's default of 10 s covers about 6 s at that pace.)
 */
const EXPORT_TIMEOUT_MS = 20_000;

/**
 * The browser's tracer provider. This module is loaded lazily, after the page is interactive; the
 * document-load instrumentation reads the Navigation Timing entries afterwards, so the page load is
 * still traced.
 */
export function startBrowserTracing(config: BrowserTracingConfig): BrowserTracing {
  const exportUrl = new URL(config.exportPath, window.location.origin).href;
  const openSpans = new OpenSpansProcessor();
  const sessionId = config.sessionId ?? browserSessionId();
  const ids = new VisitIdGenerator(config.traceIdPrefix);
  const provider = new SdkTracerProvider({
    idGenerator: ids,
    resource: resourceFromAttributes({
      // The resource specification asks every SDK for these; given a resource, the SDK adds none itself.
      'telemetry.sdk.name': SDK_INFO['telemetry.sdk.name'],
      'telemetry.sdk.language': SDK_INFO['telemetry.sdk.language'],
      'telemetry.sdk.version': SDK_INFO['telemetry.sdk.version'],
      'service.name': config.serviceName,
      'service.version': config.appVersion,
      'deployment.environment.name': config.environment,
      'user_agent.original': navigator.userAgent,
      'session.id': sessionId,
    }),
    sampler: new ParentBasedSampler({ root: new TraceIdRatioBasedSampler(config.sampleRatio) }),
    spanProcessors: [
      openSpans,
      // No redaction or renaming here: the spans go only to the shop's relay, on the page's own
      // origin, which redacts them and brings them to the current conventions (span-relay).
      new BatchSpanProcessor({
        exporter: new PageLoadResourcesExporter(new OTLPTraceExporter({ url: exportUrl, timeoutMillis: EXPORT_TIMEOUT_MS })),
        // Short delay: the person looks for the click's trace right after the click.
        scheduledDelayMillis: 500,
        maxQueueSize: 2048,
        maxExportBatchSize: 256,
      }),
    ],
  });
  // What WebTracerProvider.register() sets up. The stack context manager (no zone.js): callers start
  // fetches synchronously inside traceClick.
  context.setGlobalContextManager(new StackContextManager().enable());
  propagation.setGlobalPropagator(
    new CompositePropagator({ propagators: [new W3CTraceContextPropagator(), new W3CBaggagePropagator()] }),
  );
  // Every span's times on its trace's one clock basis, the instrumentations' own included (trace-clock.ts).
  const anchored = new AnchoredTracerProvider(provider);
  trace.setGlobalTracerProvider(anchored);

  let pageLoad: VitalParent | undefined;
  const documentLoad = new DocumentLoadInstrumentation({
    applyCustomAttributesOnSpan: {
      documentLoad: (span) => {
        span.updateName(`page load ${pageRouteOf(window.location.pathname)}`);
        // Kept so the page's web vitals, known later, can hang under the load they describe, from
        // where it starts (the instrumentation starts it at the navigation's fetchStart).
        const navigation = performance.getEntriesByType('navigation')[0] as PerformanceNavigationTiming | undefined;
        if (navigation) pageLoad = { span, startMs: navigation.fetchStart };
      },
    },
  });
  registerInstrumentations({
    // The page load is the trace's root under the IDs the server rendered under (config.pageLoad).
    tracerProvider: config.pageLoad ? pageLoadTracerProvider(anchored, ids, config.pageLoad) : anchored,
    instrumentations: [documentLoad],
  });
  registerInstrumentations({
    tracerProvider: anchored,
    instrumentations: [
      new FetchInstrumentation({
        // Span exports and the trace view's polls of Jaeger are plumbing, not shop traffic.
        ignoreUrls: [exportUrl, /\/api\/traces\//],
        clearTimingResources: true,
      }),
    ],
  });

  const flush = () => provider.forceFlush().catch(() => undefined);
  // A hidden tab may never run again: send what is queued while the page still can (the exporter
  // uses keep-alive requests, which outlive the page).
  document.addEventListener('visibilitychange', () => {
    if (document.visibilityState === 'hidden') void flush();
  });
  // A page being left will not get to end its open spans: end them now so the trace stays whole.
  window.addEventListener('pagehide', () => {
    openSpans.endOpenSpans('pagehide');
    void flush();
  });

  const tracer = trace.getTracer('threadline-browser');
  const clicks = new ClickLedger();
  reportWebVitals(tracer, clicks, () => pageLoad);
  // Travels with the click's requests to every service, which copy it onto their spans.
  const sessionBaggage = propagation.createBaggage({
    'session.id': { value: sessionId },
    'threadline.app.version': { value: config.appVersion },
  });

  const serverActions = keepContextForServerActions();
  traceRouterFetches(tracer);

  /** A click is where the person's story starts: a new trace, whatever context is around. */
  async function inClickSpan<T>(name: string, attributes: Attributes, work: (clickContext: Context) => Promise<T>): Promise<T> {
    const startMs = performance.now();
    const span = tracer.startSpan(name, { attributes, startTime: startMs }, ROOT_CONTEXT);
    clicks.record({ span, startMs });
    try {
      return await work(propagation.setBaggage(trace.setSpan(ROOT_CONTEXT, span), sessionBaggage));
    } catch (error) {
      span.recordException(error instanceof Error ? error : String(error));
      span.setStatus({ code: SpanStatusCode.ERROR, message: error instanceof Error ? error.message : String(error) });
      throw error;
    } finally {
      span.end();
    }
  }

  return {
    traceClick: (name, attributes, work) =>
      // `work` must start its fetch before its first await: without zone.js, that is the only
      // moment the fetch instrumentation can see this span as the active one.
      inClickSpan(name, attributes, (clickContext) => context.with(clickContext, work)),
    traceServerAction: (name, attributes, work) =>
      inClickSpan(name, attributes, (clickContext) => serverActions.runWithPendingAction(clickContext, work)),
    recordError: (error, source, componentStack) => recordPageError(tracer, error, source, componentStack),
    flush,
  };
}

/**
 * The document-load instrumentation's tracer, with one difference: its `documentLoad` span (a root:
 * the page hands it no parent) takes the reserved IDs, so the server's render, already recorded as
 * that span's child, sits inside the browser's page load.
 */
function pageLoadTracerProvider(provider: TracerProvider, ids: VisitIdGenerator, pageLoad: ReservedRoot): TracerProvider {
  return {
    getTracer(name, version, options) {
      const tracer = provider.getTracer(name, version, options);
      return {
        startSpan: (spanName, spanOptions, spanContext) =>
          spanName === 'documentLoad'
            ? ids.withReservedRoot(pageLoad, () => tracer.startSpan(spanName, spanOptions, spanContext))
            : tracer.startSpan(spanName, spanOptions, spanContext),
        startActiveSpan: tracer.startActiveSpan.bind(tracer) as Tracer['startActiveSpan'],
      };
    },
  };
}

/** Without a session from the server: one ID per tab, kept across reloads so a person's clicks can be followed. */
function browserSessionId(): string {
  const key = 'threadline.session.id';
  try {
    const existing = sessionStorage.getItem(key);
    if (existing) return existing;
    const created = newSessionId();
    sessionStorage.setItem(key, created);
    return created;
  } catch {
    // Storage can be disabled; a session then lasts one page load.
    return newSessionId();
  }
}

function newSessionId(): string {
  return (
    globalThis.crypto?.randomUUID?.() ?? Array.from({ length: 32 }, () => Math.floor(Math.random() * 16).toString(16)).join('')
  );
}
