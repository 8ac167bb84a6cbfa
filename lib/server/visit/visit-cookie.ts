import { createHmac, randomBytes, timingSafeEqual } from 'node:crypto';

/**
 * A visit: one browser's stay at the shop, named by a secret that lives in an HttpOnly cookie and
 * nowhere else. Everything shown or sent elsewhere (span attributes, URLs, page HTML, trace IDs)
 * is derived from it by a keyed hash (visit-identifiers.ts), so none of it grants anything.
 */
export interface Visit {
  /** 32 hex digits, random; the cookie's secret. */
  readonly id: string;
  /**
   * The visit this one replaced when its first order rotated the cookie (rotatedVisit): its traces
   * and its idempotency keys are still this browser's.
   */
  readonly previousId: string | undefined;
}

/**
 * `__Host-`: the browser takes the cookie only with Secure and Path=/ and without Domain, so no
 * subdomain and no page setting `path=/api` can plant one beside it; with HttpOnly, no script on
 * another port of the same host can overwrite it either (cookies are not separated by port). Secure
 * cookies work on https and on http://localhost / 127.0.0.1, which browsers treat as secure.
 */
export const VISIT_COOKIE = '__Host-threadline_visit';
const COOKIE_ATTRIBUTES = 'Path=/; Secure; HttpOnly; SameSite=Lax';

const ID = /^[0-9a-f]{32}$/;
const MAC_BYTES = 16;

export function newVisit(): Visit {
  return { id: randomBytes(16).toString('hex'), previousId: undefined };
}

/** A new visit that remembers `visit`: what a visit becomes with its first order (session fixation). */
export function rotatedVisit(visit: Visit): Visit {
  return { id: newVisit().id, previousId: visit.id };
}

/** The cookie's value: both IDs and a MAC, so a made-up or altered value is never honoured. */
export function encodeVisitCookie(visit: Visit, secret: Buffer): string {
  const prev = visit.previousId ?? '';
  return `${visit.id}.${prev}.${mac(secret, visit.id, prev)}`;
}

/** The Set-Cookie header value that hands `visit` to the browser (a session cookie: no expiry). */
export function visitSetCookie(visit: Visit, secret: Buffer): string {
  return `${VISIT_COOKIE}=${encodeVisitCookie(visit, secret)}; ${COOKIE_ATTRIBUTES}`;
}

/** The visit a cookie value names, or undefined for a missing, malformed or forged one. */
export function decodeVisitCookie(value: string | undefined, secret: Buffer): Visit | undefined {
  if (value === undefined || value.length > 100) return undefined;
  const [id, prev, presented, ...rest] = value.split('.');
  if (rest.length > 0 || id === undefined || prev === undefined || presented === undefined) return undefined;
  if (!ID.test(id) || (prev !== '' && !ID.test(prev)) || !/^[0-9a-f]{32}$/.test(presented)) return undefined;
  const expected = Buffer.from(mac(secret, id, prev), 'hex');
  if (!timingSafeEqual(expected, Buffer.from(presented, 'hex'))) return undefined;
  return { id, previousId: prev === '' ? undefined : prev };
}

/** The visit named by a Cookie request header, if it carries a valid visit cookie. */
export function visitFromCookieHeader(cookieHeader: string | null | undefined, secret: Buffer): Visit | undefined {
  if (!cookieHeader) return undefined;
  for (const pair of cookieHeader.split(';')) {
    const separator = pair.indexOf('=');
    if (separator === -1 || pair.slice(0, separator).trim() !== VISIT_COOKIE) continue;
    // A planted duplicate may come first; any valid one is the browser's own (the forged one fails its MAC).
    const visit = decodeVisitCookie(pair.slice(separator + 1).trim(), secret);
    if (visit) return visit;
  }
  return undefined;
}

function mac(secret: Buffer, id: string, prev: string): string {
  return createHmac('sha256', secret).update(`threadline-visit-v1|${id}|${prev}`).digest().subarray(0, MAC_BYTES).toString('hex');
}
