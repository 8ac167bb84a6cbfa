import { withDrainingHeaders } from '@threadline/service-kit';

export const dynamic = 'force-dynamic';

/** Liveness of the web tier alone; dependencies are checked where they are used, not here. */
export function GET(): Response {
  return withDrainingHeaders(Response.json({ status: 'ok' }));
}
