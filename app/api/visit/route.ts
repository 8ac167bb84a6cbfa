import { jsonRoute } from '@/lib/server/http/json-route';
import { shopLogger } from '@/lib/server/shop';
import { newVisit, visitIdentifiers, visitOfRequest, visitSecret, visitSetCookie } from '@/lib/server/visit';

export const dynamic = 'force-dynamic';

/**
 * What this visit is known by: its `session.id` and the prefix of its trace IDs, so an API client
 * (the doctor, the load generator, tests) can start traces the shop lets it continue, as the shop's
 * own pages do. Starts a visit for a caller without one. Neither value grants anything.
 */
export function GET(request: Request): Promise<Response> {
  return jsonRoute({ route: '/api/visit', request, logger: shopLogger }, async () => {
    const known = visitOfRequest(request);
    const visit = known ?? newVisit();
    const { sessionId, traceIdPrefix } = visitIdentifiers(visit, visitSecret());
    const headers = known ? undefined : { 'set-cookie': visitSetCookie(visit, visitSecret()) };
    return Response.json({ sessionId, traceIdPrefix }, { headers });
  });
}
