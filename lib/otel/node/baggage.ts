import { propagation, type Context, type TextMapGetter, type TextMapPropagator, type TextMapSetter } from '@opentelemetry/api';
import { BaggageSpanProcessor } from '@opentelemetry/baggage-span-processor';
import type { SpanProcessor } from '@opentelemetry/sdk-trace-base';
import { allowedBaggageEntries, type BaggagePolicy } from '@threadline/otel-common';

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
    return propagation.setBaggage(
      context,
      propagation.createBaggage(Object.fromEntries(entries.map(([key, value]) => [key, { value }]))),
    );
  }
}

/**
 * Copies the allowed baggage entries onto every span started in their context, as attributes: the
 * maintained processor, with the allow-list as its key predicate. Values are bounded at the door, by
 * the propagator above.
 */
export function createBaggageSpanProcessor(policy: BaggagePolicy): SpanProcessor {
  const allowed = new Set(policy.allowedKeys);
  return new BaggageSpanProcessor((key) => allowed.has(key));
}
