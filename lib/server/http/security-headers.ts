/**
 * The headers every answer of the shop carries, and the Content-Security-Policy of its pages.
 * Applied at the request edge (request-edge.ts), so no route can forget them.
 */

/** On every response: never framed (the faults panel switches faults for everyone), no sniffing, a short referrer. */
export const SECURITY_HEADERS: Readonly<Record<string, string>> = {
  'x-frame-options': 'DENY',
  'x-content-type-options': 'nosniff',
  'referrer-policy': 'strict-origin-when-cross-origin',
  'permissions-policy': 'camera=(), microphone=(), geolocation=(), payment=(), usb=()',
  'cross-origin-opener-policy': 'same-origin',
};

/** For answers that are not pages (JSON, span relay): they load nothing and may be framed by nobody. */
export const NON_PAGE_CSP = "default-src 'none'; frame-ancestors 'none'";

/**
 * A page's policy: scripts only with this response's nonce (Next.js puts it on its own scripts when
 * it finds it in the request's Content-Security-Policy) and what they load ('strict-dynamic': the
 * lazy tracing chunk, web vitals); data only to the shop's own origin, which is where the browser
 * sends its spans (the relay), so the collector needs no CORS and no connect-src of its own.
 * `next dev` evaluates code for its refresh runtime, so only there 'unsafe-eval' is added.
 */
export function pageContentSecurityPolicy(nonce: string, { dev = false }: { dev?: boolean } = {}): string {
  return [
    "default-src 'self'",
    `script-src 'self' 'nonce-${nonce}' 'strict-dynamic'${dev ? " 'unsafe-eval'" : ''}`,
    // The trace view sets bar widths from script (CSSOM), which style-src does not govern.
    "style-src 'self'",
    "img-src 'self' data:",
    "font-src 'self'",
    "connect-src 'self'",
    "object-src 'none'",
    "base-uri 'none'",
    "form-action 'self'",
    "frame-ancestors 'none'",
  ].join('; ');
}
