import { propagation, type Context, type TextMapGetter, type TextMapPropagator, type TextMapSetter } from '@opentelemetry/api';
import type { ReadableSpan, Span, SpanProcessor } from '@opentelemetry/sdk-trace-base';
import { allowedBaggageEntries, type BaggagePolicy } from '../baggage-policy';

/**
 * Wraps the W3C baggage propagator so that only allowed entries enter the context (and so only they
 * are passed on to the next service): a caller cannot push arbitrary keys through the system.
 */
export class AllowListedBaggagePropagator implements TextMapPropagator {
  constructor(
    private readonly inner: TextMapPropagator,
    private readonly policy: BaggagePolicy,
  ) {}

  inject(context: Context, carrier: unknown, setter: TextMapSetter): void {
    this.inner.inject(this.filtered(context), carrier, setter);
  }

  extract(context: Context, carrier: unknown, getter: TextMapGetter): Context {
    return this.filtered(this.inner.extract(context, carrier, getter));
  }

  fields(): string[] {
    return this.inner.fields();
  }

  private filtered(context: Context): Context {
    const baggage = propagation.getBaggage(context);
    if (!baggage) return context;
    const entries = allowedBaggageEntries(baggage, this.policy);
    if (entries.length === 0) return propagation.deleteBaggage(context);
    return propagation.setBaggage(context, propagation.createBaggage(Object.fromEntries(entries.map(([key, value]) => [key, { value }]))));
  }
}

/** Copies the allowed baggage entries onto every span started in their context, as attributes. */
export class BaggageSpanProcessor implements SpanProcessor {
  constructor(private readonly policy: BaggagePolicy) {}

  onStart(span: Span, parentContext: Context): void {
    for (const [key, value] of allowedBaggageEntries(propagation.getBaggage(parentContext), this.policy)) {
      span.setAttribute(key, value);
    }
  }

  onEnd(_span: ReadableSpan): void {}

  forceFlush(): Promise<void> {
    return Promise.resolve();
  }

  shutdown(): Promise<void> {
    return Promise.resolve();
  }
}
