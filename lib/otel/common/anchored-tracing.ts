import {
  context as contextApi,
  trace,
  type Attributes,
  type AttributeValue,
  type Context,
  type Exception,
  type Link,
  type ProxyTracerProvider,
  type Span,
  type SpanContext,
  type SpanOptions,
  type SpanStatus,
  type TimeInput,
  type Tracer,
  type TracerOptions,
  type TracerProvider,
} from '@opentelemetry/api';
import { TraceClock, type TraceAnchor } from './trace-clock';

/**
 * Tracers whose spans take every time from their trace's anchor (trace-clock.ts): the least
 * invasive point that covers the spans libraries make (Next.js's, @vercel/otel's, the browser's
 * fetch and document-load instrumentation) as well as ours. It supplies the start when the caller
 * gives none and puts every time a caller gives (start, end, event) on the same basis, so the SDK's
 * own Date.now()-based fallbacks never run.
 */
export class AnchoredTracerProvider implements TracerProvider {
  private readonly tracers = new Map<string, Tracer>();

  constructor(
    private readonly inner: TracerProvider,
    private readonly clock = new TraceClock(),
  ) {}

  getTracer(name: string, version?: string, options?: TracerOptions): Tracer {
    const key = `${name}@${version ?? ''}`;
    let tracer = this.tracers.get(key);
    if (!tracer) {
      tracer = new AnchoredTracer(this.inner.getTracer(name, version, options), this.clock);
      this.tracers.set(key, tracer);
    }
    return tracer;
  }

  /** The SDK provider's own flush and shutdown, for callers that reach them through the global provider. */
  forceFlush(): Promise<void> {
    return (this.inner as { forceFlush?: () => Promise<void> }).forceFlush?.() ?? Promise.resolve();
  }

  shutdown(): Promise<void> {
    return (this.inner as { shutdown?: () => Promise<void> }).shutdown?.() ?? Promise.resolve();
  }
}

/**
 * Puts the anchored provider in place of the global one an SDK registered (@vercel/otel, NodeSDK,
 * WebTracerProvider.register): call right after it, before anything has asked for a tracer.
 */
export function anchorGlobalTracerProvider(clock?: TraceClock): AnchoredTracerProvider {
  const registered = trace.getTracerProvider();
  const sdkProvider = (registered as Partial<ProxyTracerProvider>).getDelegate?.() ?? registered;
  const anchored = new AnchoredTracerProvider(sdkProvider, clock);
  trace.disable();
  trace.setGlobalTracerProvider(anchored);
  return anchored;
}

class AnchoredTracer implements Tracer {
  constructor(
    private readonly inner: Tracer,
    private readonly clock: TraceClock,
  ) {}

  startSpan(name: string, options: SpanOptions = {}, context: Context = contextApi.active()): Span {
    const parent = options.root ? undefined : trace.getSpan(context);
    // A local parent lends its anchor; a remote one (or none) makes this span a local root.
    const anchor = parent instanceof AnchoredSpan ? parent.anchor : this.clock.anchor();
    const span = this.inner.startSpan(name, { ...options, startTime: anchor.time(options.startTime) }, context);
    // An unsampled span records nothing: no times to keep, and its children are unsampled too.
    return span.isRecording() ? new AnchoredSpan(span, anchor) : span;
  }

  startActiveSpan<F extends (span: Span) => unknown>(name: string, fn: F): ReturnType<F>;
  startActiveSpan<F extends (span: Span) => unknown>(name: string, options: SpanOptions, fn: F): ReturnType<F>;
  startActiveSpan<F extends (span: Span) => unknown>(name: string, options: SpanOptions, context: Context, fn: F): ReturnType<F>;
  startActiveSpan<F extends (span: Span) => unknown>(
    name: string,
    ...rest: [F] | [SpanOptions, F] | [SpanOptions, Context, F]
  ): ReturnType<F> {
    const fn = rest[rest.length - 1] as F;
    const options = rest.length > 1 ? (rest[0] as SpanOptions) : {};
    const parentContext = rest.length > 2 ? (rest[1] as Context) : contextApi.active();
    const span = this.startSpan(name, options, parentContext);
    return contextApi.with(trace.setSpan(parentContext, span), () => fn(span)) as ReturnType<F>;
  }
}

/** A recording span whose times all come from its trace's anchor. */
class AnchoredSpan implements Span {
  constructor(
    private readonly inner: Span,
    readonly anchor: TraceAnchor,
  ) {}

  spanContext(): SpanContext {
    return this.inner.spanContext();
  }

  setAttribute(key: string, value: AttributeValue): this {
    this.inner.setAttribute(key, value);
    return this;
  }

  setAttributes(attributes: Attributes): this {
    this.inner.setAttributes(attributes);
    return this;
  }

  addEvent(name: string, attributesOrStartTime?: Attributes | TimeInput, startTime?: TimeInput): this {
    if (isTimeInput(attributesOrStartTime)) this.inner.addEvent(name, this.anchor.time(attributesOrStartTime));
    else this.inner.addEvent(name, attributesOrStartTime, this.anchor.time(startTime));
    return this;
  }

  addLink(link: Link): this {
    this.inner.addLink(link);
    return this;
  }

  addLinks(links: Link[]): this {
    this.inner.addLinks(links);
    return this;
  }

  setStatus(status: SpanStatus): this {
    this.inner.setStatus(status);
    return this;
  }

  updateName(name: string): this {
    this.inner.updateName(name);
    return this;
  }

  end(endTime?: TimeInput): void {
    this.inner.end(this.anchor.time(endTime));
  }

  isRecording(): boolean {
    return this.inner.isRecording();
  }

  recordException(exception: Exception, time?: TimeInput): void {
    this.inner.recordException(exception, this.anchor.time(time));
  }
}

function isTimeInput(value: unknown): value is TimeInput {
  return typeof value === 'number' || value instanceof Date || (Array.isArray(value) && value.length === 2);
}
