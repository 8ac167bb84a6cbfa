import { NextResponse, type NextRequest } from 'next/server';
import {
  BROWSER_SESSION_COOKIE,
  BROWSER_SESSION_COOKIE_OPTIONS,
  browserSessionFrom,
  newBrowserSession,
} from './lib/server/browser-session';

/**
 * A visitor's first page starts their browser session, so that the page load itself, and every
 * trace after it, belongs to the visit (the session's traces at /sessions/<id>). Pages only: API
 * clients get a session with their first order (app/api/orders/route.ts).
 */
export function proxy(request: NextRequest): NextResponse {
  if (browserSessionFrom(request.cookies.get(BROWSER_SESSION_COOKIE)?.value)) return NextResponse.next();
  const session = newBrowserSession();
  // The page rendering this very request reads the new session too.
  request.cookies.set(BROWSER_SESSION_COOKIE, session);
  const response = NextResponse.next({ request: { headers: request.headers } });
  response.cookies.set(BROWSER_SESSION_COOKIE, session, BROWSER_SESSION_COOKIE_OPTIONS);
  return response;
}

// Only requests without a session cookie reach the proxy: a returning visitor's page requests skip
// it, and with it the proxy's own span in their traces. (Next.js needs the matcher written out.)
export const config = {
  matcher: [
    { source: '/', missing: [{ type: 'cookie', key: 'threadline_session' }] },
    { source: '/traces/:path*', missing: [{ type: 'cookie', key: 'threadline_session' }] },
    { source: '/sessions/:path*', missing: [{ type: 'cookie', key: 'threadline_session' }] },
    { source: '/faults', missing: [{ type: 'cookie', key: 'threadline_session' }] },
  ],
};
