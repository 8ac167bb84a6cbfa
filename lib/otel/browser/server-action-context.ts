import { context, type Context } from '@opentelemetry/api';

/**
 * Server Actions are called by React, which sends their request after the click's handler has
 * returned, from its own queue: without zone.js the click's span is no longer the active context
 * by then, the request would carry no traceparent, and the action would start a trace of its own.
 * So the click's context is kept for the next request that carries Next.js's `Next-Action` header,
 * and that request is sent in it: the fetch instrumentation then makes its span a child of the click
 * and injects traceparent as for any other call.
 */
export function keepContextForServerActions(): {
  runWithPendingAction<T>(clickContext: Context, work: () => Promise<T>): Promise<T>;
} {
  let pending: Context | undefined;
  const fetchBelow = window.fetch;
  window.fetch = function fetchInClickContext(this: unknown, input: RequestInfo | URL, init?: RequestInit) {
    const clickContext = pending !== undefined && isServerActionRequest(input, init) ? pending : undefined;
    if (clickContext === undefined) return fetchBelow.call(this, input, init);
    pending = undefined;
    return context.with(clickContext, () => fetchBelow.call(this, input, init));
  } as typeof window.fetch;

  return {
    async runWithPendingAction(clickContext, work) {
      pending = clickContext;
      try {
        return await work();
      } finally {
        if (pending === clickContext) pending = undefined;
      }
    },
  };
}

function isServerActionRequest(input: RequestInfo | URL, init?: RequestInit): boolean {
  const headers = new Headers(init?.headers ?? (input instanceof Request ? input.headers : undefined));
  return headers.has('next-action');
}
