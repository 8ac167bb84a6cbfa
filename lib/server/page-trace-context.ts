import 'server-only';
import { EDGE_HEADERS } from './http/edge-headers';

/**
 * The page load the request edge allocated for this navigation (trace-continuation.ts): the server
 * renders as its child, and the page records its page-load span under these IDs, from navigation
 * start, as the trace's root. So one trace runs from the navigation to the page being ready, in
 * causal order, and a reload is a new trace. Only a sampled one is handed on; otherwise the page
 * traces nothing of its load, as the server does not either.
 */
export function pageLoadOf(requestHeaders: Headers): { traceId: string; spanId: string } | undefined {
  const match = /^00-([0-9a-f]{32})-([0-9a-f]{16})-01$/.exec(requestHeaders.get(EDGE_HEADERS.pageLoad) ?? '');
  return match ? { traceId: match[1]!, spanId: match[2]! } : undefined;
}
