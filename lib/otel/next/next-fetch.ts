/**
 * The options of Next.js's own fetch: `opentelemetry.ignore` keeps its fetch instrumentation from
 * making a span, for calls that make their own (the user API client) or are plumbing (the relay).
 */
export type NextFetchInit = RequestInit & { opentelemetry?: { ignore: boolean } };
