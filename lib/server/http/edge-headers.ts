import { LINKED_TRACEPARENT_HEADER } from '../../otel/next/caller-link';

/**
 * Request headers only the request edge writes (request-edge.ts); any a client sends are removed
 * first, so code behind the edge can believe them.
 */
export const EDGE_HEADERS = {
  /** Who is asking (client-address.ts): what rate limits and access rules key on. */
  clientAddress: 'x-threadline-client-address',
  /** The page-load context the edge allocated for this navigation (trace-continuation.ts). */
  pageLoad: 'x-threadline-page-load',
  /** A caller's `traceparent` the edge did not let this request continue; the new trace links to it. */
  linkedTraceparent: LINKED_TRACEPARENT_HEADER,
} as const;

/** Who is asking, as the edge found it; 'unknown' where no edge ran (a route called directly in a test). */
export function edgeClientAddress(requestHeaders: Headers): string {
  return requestHeaders.get(EDGE_HEADERS.clientAddress) ?? 'unknown';
}
