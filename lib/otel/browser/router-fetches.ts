import { context, ROOT_CONTEXT, SpanStatusCode, trace, type Tracer } from '@opentelemetry/api';
import { suppressTracing } from '@opentelemetry/core';
import { pageRouteOf } from '../../shared/page-routes';

/**
 * What Next.js's router fetches on its own, given the meaning a person would give it. Install after
 * the fetch instrumentation, so this runs around it.
 *
 * - A prefetch of a linked page: nobody did anything, so it is no trace. It runs with tracing
 *   suppressed, so it has no span and sends no traceparent (the shop's request edge leaves the
 *   server's side of it unsampled too).
 * - A link followed in the page (an RSC fetch that is no prefetch): a navigation, whose root says
 *   so and where it went, `navigate /traces/[traceId]`, as a click's root names the click.
 */
export function traceRouterFetches(tracer: Tracer): void {
  const fetchBelow = window.fetch;
  window.fetch = function fetchAsRouterMeansIt(this: unknown, input: RequestInfo | URL, init?: RequestInit) {
    const kind = routerFetchKind(input, init);
    if (kind === 'prefetch') return context.with(suppressTracing(context.active()), () => fetchBelow.call(this, input, init));
    if (kind !== 'navigation' || trace.getSpan(context.active())) return fetchBelow.call(this, input, init);
    const span = tracer.startSpan(
      `navigate ${pageRouteOf(new URL(urlOf(input), window.location.href).pathname)}`,
      {},
      ROOT_CONTEXT,
    );
    return context
      .with(trace.setSpan(ROOT_CONTEXT, span), () => fetchBelow.call(this, input, init))
      .then(
        (response) => {
          span.end();
          return response;
        },
        (error: unknown) => {
          span.setStatus({ code: SpanStatusCode.ERROR, message: String(error) });
          span.end();
          throw error;
        },
      );
  } as typeof window.fetch;
}

export function routerFetchKind(input: RequestInfo | URL, init?: RequestInit): 'prefetch' | 'navigation' | undefined {
  const headers = new Headers(init?.headers ?? (input instanceof Request ? input.headers : undefined));
  if (headers.has('next-router-prefetch')) return 'prefetch';
  return headers.has('rsc') && !headers.has('next-action') ? 'navigation' : undefined;
}

function urlOf(input: RequestInfo | URL): string {
  return input instanceof Request ? input.url : String(input);
}
