import { drainingHeaders } from '@/lib/http/draining';

export const dynamic = 'force-dynamic';

/** Liveness of the web tier alone; dependencies are checked where they are used, not here. */
export function GET(): Response {
  return Response.json({ status: 'ok' }, { headers: drainingHeaders() });
}
