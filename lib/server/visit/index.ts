import 'server-only';
import { headers } from 'next/headers';
import { shopConfig } from '../config';
import { visitFromCookieHeader, type Visit } from './visit-cookie';
import { loadVisitSecret } from './visit-secret';

export { rotatedVisit, newVisit, visitSetCookie, VISIT_COOKIE, type Visit } from './visit-cookie';
export { traceBelongsToVisit, visitIdentifiers, type VisitIdentifiers } from './visit-identifiers';

// Next.js bundles routes on their own, and instrumentation.ts needs the key too: one per process, on globalThis.
const SECRET = Symbol.for('threadline.web.visit-secret');

/** The key of this shop's visit cookies, loaded (or made) on first use. */
export function visitSecret(): Buffer {
  const holder = globalThis as { [SECRET]?: Buffer };
  holder[SECRET] ??= loadVisitSecret(shopConfig().visit);
  return holder[SECRET];
}

/** The visit's own ID, then the one it replaced: whose orders and idempotency keys are the visit's. */
export function visitIdsOf(visit: Visit | undefined): string[] {
  if (!visit) return [];
  return visit.previousId === undefined ? [visit.id] : [visit.id, visit.previousId];
}

/** The visit a request's cookie names, if valid. */
export function visitOfRequest(request: Request): Visit | undefined {
  return visitFromCookieHeader(request.headers.get('cookie'), visitSecret());
}

/** The visit of the request a page, layout or Server Action is rendering for. */
export async function currentVisit(): Promise<Visit | undefined> {
  return visitFromCookieHeader((await headers()).get('cookie'), visitSecret());
}
