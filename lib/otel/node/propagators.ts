import type { TextMapPropagator } from '@opentelemetry/api';
import { CompositePropagator, W3CBaggagePropagator, W3CTraceContextPropagator } from '@opentelemetry/core';
import type { EnvVars } from '@threadline/service-kit';
import { AllowListedBaggagePropagator } from './baggage';
import type { BaggagePolicy } from '@threadline/otel-common';

export type PropagatorName = 'tracecontext' | 'baggage' | 'none';

/** OTEL_PROPAGATORS (default "tracecontext,baggage"); a name Threadline does not support fails at start-up. */
export function propagatorNamesFromEnv(env: EnvVars): PropagatorName[] {
  return (env.OTEL_PROPAGATORS?.trim() || 'tracecontext,baggage')
    .split(',')
    .map((name) => name.trim().toLowerCase())
    .filter((name) => name !== '')
    .map((name) => {
      if (name === 'tracecontext' || name === 'baggage' || name === 'none') return name;
      throw new Error(`OTEL_PROPAGATORS names "${name}"; Threadline supports tracecontext, baggage and none`);
    });
}

/**
 * The named propagators, built from @opentelemetry/core, with baggage restricted to the allow-list.
 * Used by both services instead of @vercel/otel's own trace-context propagator, which continues a
 * `traceparent` of the forbidden version ff and does not check that the IDs are hexadecimal.
 */
export function createPropagator(propagators: readonly PropagatorName[], baggage: BaggagePolicy): TextMapPropagator {
  return new CompositePropagator({
    propagators: propagators.flatMap((name): TextMapPropagator[] => {
      switch (name) {
        case 'tracecontext':
          return [new W3CTraceContextPropagator()];
        case 'baggage':
          return [new AllowListedBaggagePropagator(new W3CBaggagePropagator(), baggage)];
        case 'none':
          return [];
      }
    }),
  });
}
