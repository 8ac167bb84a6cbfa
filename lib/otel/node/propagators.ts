import type { TextMapPropagator } from '@opentelemetry/api';
import { CompositePropagator, W3CBaggagePropagator, W3CTraceContextPropagator } from '@opentelemetry/core';
import type { EnvVars } from '../../config/env-values';
import { baggagePolicyFromEnv } from '../baggage-policy';
import { AllowListedBaggagePropagator } from './baggage';

/**
 * The propagators named by OTEL_PROPAGATORS (default "tracecontext,baggage"), built from
 * @opentelemetry/core, with baggage restricted to the allow-list (BAGGAGE_ALLOWED_KEYS). Used by both services instead of @vercel/otel's own trace-context
 * propagator, which continues a `traceparent` of the forbidden version ff and does not check that
 * the IDs are hexadecimal.
 */
export function propagatorFromEnv(env: EnvVars): TextMapPropagator {
  const names = (env.OTEL_PROPAGATORS?.trim() || 'tracecontext,baggage')
    .split(',')
    .map((name) => name.trim().toLowerCase())
    .filter((name) => name !== '');
  const propagators = names.flatMap((name): TextMapPropagator[] => {
    switch (name) {
      case 'tracecontext':
        return [new W3CTraceContextPropagator()];
      case 'baggage':
        return [new AllowListedBaggagePropagator(new W3CBaggagePropagator(), baggagePolicyFromEnv(env))];
      case 'none':
        return [];
      default:
        throw new Error(`OTEL_PROPAGATORS names "${name}"; Threadline supports tracecontext, baggage and none`);
    }
  });
  return new CompositePropagator({ propagators });
}
