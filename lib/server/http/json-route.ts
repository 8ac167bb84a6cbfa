import { metrics } from '@opentelemetry/api';
import type { Logger } from 'pino';
import { httpServerDuration, jsonRoute as serviceJsonRoute, RESPONSE_ANSWERS } from '@threadline/otel-node';

let requestDuration: ReturnType<typeof httpServerDuration> | undefined;

/**
 * The shared route wrapper (`@threadline/otel-node`'s jsonRoute), with what is the web tier's own:
 * Next.js's server spans do not record `http.server.request.duration`, so the wrapper does.
 */
export function jsonRoute(
  { route, request, logger }: { route: string; request: Request; logger: Logger },
  work: () => Promise<Response>,
): Promise<Response> {
  return serviceJsonRoute(
    {
      method: request.method,
      route,
      logger,
      // Next.js runs a route in a span of its own below its server span.
      activeSpan: 'handler',
      requestDuration: () => (requestDuration ??= httpServerDuration(metrics.getMeter('threadline-shop'))),
    },
    RESPONSE_ANSWERS,
    work,
  );
}
