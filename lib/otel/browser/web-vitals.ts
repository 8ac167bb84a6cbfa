import { ROOT_CONTEXT, trace, type SpanContext, type Tracer } from '@opentelemetry/api';
import { onCLS, onINP, onLCP, onTTFB, type Metric } from 'web-vitals';

/** How far apart a click's start and its interaction's event time may be and still be the same click. */
const SAME_CLICK_WINDOW_MS = 1000;
const REMEMBERED_CLICKS = 20;

/** The clicks traced so far, so the interaction web-vitals measured can find the click span it belongs to. */
export class ClickLedger {
  private readonly clicks: { spanContext: SpanContext; atMs: number }[] = [];

  record(spanContext: SpanContext, atMs: number): void {
    this.clicks.push({ spanContext, atMs });
    if (this.clicks.length > REMEMBERED_CLICKS) this.clicks.shift();
  }

  /** The click closest to `eventTimeMs` (performance time), if one is close enough. */
  clickAt(eventTimeMs: number): SpanContext | undefined {
    let best: { spanContext: SpanContext; distance: number } | undefined;
    for (const click of this.clicks) {
      const distance = Math.abs(click.atMs - eventTimeMs);
      if (distance <= SAME_CLICK_WINDOW_MS && (!best || distance < best.distance))
        best = { spanContext: click.spanContext, distance };
    }
    return best?.spanContext;
  }
}

/**
 * What the person felt, on the spans it belongs to (Google's web-vitals, loaded with the tracing
 * chunk): the responsiveness of a click (INP) as a `web-vital INP` span under that click's span,
 * and LCP, CLS and TTFB as `web-vital …` spans under the page load's documentLoad span. They are
 * children, not attributes, because the metric is known only after the span it describes has ended.
 */
export function reportWebVitals(tracer: Tracer, clicks: ClickLedger, pageLoad: () => SpanContext | undefined): void {
  onINP(
    (metric) => {
      const eventTime = metric.entries[0]?.startTime;
      const click = eventTime === undefined ? undefined : clicks.clickAt(eventTime);
      if (click) recordVital(tracer, metric, click);
    },
    // Every interaction that sets a new worst, however short: a shop's clicks are quick.
    { reportAllChanges: true, durationThreshold: 0 },
  );
  const onPageVital = (metric: Metric) => {
    const parent = pageLoad();
    if (parent) recordVital(tracer, metric, parent);
  };
  onLCP(onPageVital);
  onCLS(onPageVital);
  onTTFB(onPageVital);
}

function recordVital(tracer: Tracer, metric: Metric, parent: SpanContext): void {
  tracer
    .startSpan(
      `web-vital ${metric.name}`,
      {
        attributes: {
          'web_vitals.name': metric.name,
          // Milliseconds, except CLS, which has no unit.
          'web_vitals.value': metric.value,
          'web_vitals.rating': metric.rating,
          'web_vitals.navigation_type': metric.navigationType,
        },
      },
      trace.setSpanContext(ROOT_CONTEXT, parent),
    )
    .end();
}
