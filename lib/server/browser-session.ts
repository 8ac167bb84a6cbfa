import { randomBytes } from 'node:crypto';

/**
 * Which browser a request comes from, so that lists show a visitor their own orders and nobody
 * else's. A session cookie (no expiry: it ends with the browser session), HttpOnly because no page
 * script needs it, SameSite=Lax so another site cannot send it with a POST. It names a browser, it
 * proves nothing: it is never used to authorise anything beyond reading one's own recent orders.
 */
export const BROWSER_SESSION_COOKIE = 'threadline_session';

const SESSION_ID = /^[0-9a-f]{32}$/;

/** The session named by the cookie's value, or undefined for a missing or malformed one (never trusted as given). */
export function browserSessionFrom(cookieValue: string | undefined): string | undefined {
  return cookieValue !== undefined && SESSION_ID.test(cookieValue) ? cookieValue : undefined;
}

/** The cookie's value in a Cookie request header, if any. */
export function browserSessionFromHeader(cookieHeader: string | null): string | undefined {
  for (const pair of (cookieHeader ?? '').split(';')) {
    const [name, ...value] = pair.trim().split('=');
    if (name === BROWSER_SESSION_COOKIE) return browserSessionFrom(value.join('='));
  }
  return undefined;
}

export function newBrowserSession(): string {
  return randomBytes(16).toString('hex');
}

export const BROWSER_SESSION_COOKIE_OPTIONS = { path: '/', httpOnly: true, sameSite: 'lax' } as const;

/** The Set-Cookie header that starts a session. */
export function browserSessionCookie(sessionId: string): string {
  return `${BROWSER_SESSION_COOKIE}=${sessionId}; Path=/; HttpOnly; SameSite=Lax`;
}
