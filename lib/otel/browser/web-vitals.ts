import { ROOT_CONTEXT, trace, type Attributes, type Span, type Tracer } from '@opentelemetry/api';
import { onCLS, onINP, onLCP, onTTFB, type Metric } from 'web-vitals';

/** How far apart a click's start and its interaction's event time may be and still be the same click. */
const SAME_CLICK_WINDOW_MS = 1000;
const REMEMBERED_CLICKS = 20;

/** A span a vital hangs under, and the moment (performance time) it began. */
export interface VitalParent {
  span: Span;
  startMs: number;
}

/** The clicks traced so far, so the interaction web-vitals measured can find the click span it belongs to. */
export class ClickLedger {
  private readonly clicks: VitalParent[] = [];

  record(click: VitalParent): void {
    this.clicks.push(click);
    if (this.clicks.length > REMEMBERED_CLICKS) this.clicks.shift();
  }

  /** The click closest to `eventTimeMs` (performance time), if one is close enough. */
  clickAt(eventTimeMs: number): VitalParent | undefined {
    let best: { click: VitalParent; distance: number } | undefined;
    for (const click of this.clicks) {
      const distance = Math.abs(click.startMs - eventTimeMs);
      if (distance <= SAME_CLICK_WINDOW_MS && (!best || distance < best.distance)) best = { click, distance };
    }
    return best?.click;
  }
}

/**
 * What the person felt (Google's web-vitals, loaded with the tracing chunk), as the browser
 * semantic conventions have it: a `browser.web_vital` event with `browser.web_vital.*` attributes.
 * Each rides on a span of its own, `web-vital <NAME>`, under what it measures (INP under its click;
 * LCP, CLS and TTFB under the page load), because a vital is known only after that span has ended.
 *
 * The span covers what the vital measured and starts exactly where its parent does: from the page's
 * navigation to the moment the vital was taken, from the click to the paint after it. So it is never
 * zero-length, never starts before its parent, and where it ends after its parent it lasts longer
 * than it, which is what a vital measured after the load or the click is, and what Jaeger draws
 * without a clock-skew warning.
 */
export function reportWebVitals(tracer: Tracer, clicks: ClickLedger, pageLoad: () => VitalParent | undefined): void {
  onINP(
    (metric) => {
      const entry = metric.entries[0];
      const click = entry === undefined ? undefined : clicks.clickAt(entry.startTime);
      if (click && entry) recordVital(tracer, metric, click, entry.startTime + entry.duration);
    },
    // Every interaction that sets a new worst, however short: a shop's clicks are quick.
    { reportAllChanges: true, durationThreshold: 0 },
  );
  const onPageVital = (endMs: (metric: Metric) => number) => (metric: Metric) => {
    const parent = pageLoad();
    if (parent) recordVital(tracer, metric, parent, endMs(metric));
  };
  // LCP: the largest paint's time; TTFB: the response's first byte; CLS: when its value was taken.
  onLCP(onPageVital((metric) => metric.entries.at(-1)?.startTime ?? metric.value));
  onTTFB(onPageVital((metric) => (metric.entries[0] as PerformanceNavigationTiming | undefined)?.responseStart ?? metric.value));
  onCLS(onPageVital(() => performance.now()));
}

export function recordVital(tracer: Tracer, metric: Metric, parent: VitalParent, endMs: number): void {
  // A vital measured no later than its parent began is nothing this span could show.
  if (!(endMs > parent.startMs)) return;
  const span = tracer.startSpan(
    `web-vital ${metric.name}`,
    { startTime: parent.startMs },
    trace.setSpan(ROOT_CONTEXT, parent.span),
  );
  span.addEvent('browser.web_vital', webVitalAttributes(metric), endMs);
  span.end(endMs);
}

/** The convention's attributes; its names are lower case (`lcp`), its values web-vitals' own. */
export function webVitalAttributes(metric: Metric): Attributes {
  return {
    'browser.web_vital.name': metric.name.toLowerCase(),
    // Milliseconds, except CLS, which has no unit.
    'browser.web_vital.value': metric.value,
    'browser.web_vital.delta': metric.delta,
    'browser.web_vital.id': metric.id,
    'browser.web_vital.rating': metric.rating,
    'browser.web_vital.navigation_type': metric.navigationType,
  };
}
