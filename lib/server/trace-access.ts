import 'server-only';
import { ApiError, isLoopbackHost, judgeFaultsAccess } from '@threadline/service-kit';
import { shopConfig } from './config';
import { EDGE_HEADERS } from './http/edge-headers';
import { isVisitOrderTrace } from './shop';
import { traceBelongsToVisit, visitIdentifiers, visitIdsOf, visitSecret } from './visit';
import { visitFromCookieHeader } from './visit/visit-cookie';

/**
 * Who may read a trace through the shop (/api/traces/<id>, /traces/<id>): the visit it belongs to
 * (its trace ID carries the visit's prefix, or it placed one of the visit's orders), or an operator's tool that the faults API would let in
 * (holding FAULTS_TOKEN, or on this machine with the shop on loopback alone), as the doctor is.
 * A browser is never taken for such a tool, whatever machine it runs on: on a developer's machine
 * every visitor is "local", and a web page must see its own visit's traces only. Browsers mark
 * every request with Sec-Fetch-Site, which no page can remove; a tool on this machine that sends
 * none could read Jaeger's own API anyway.
 * Never for a Host that is not the shop's: a page whose DNS name is rebound to 127.0.0.1 reads nothing.
 * Anyone else is told there is no such trace, so a trace ID does not even reveal that it exists.
 */
export async function assertMayReadTrace(header: (name: string) => string | null, traceId: string): Promise<void> {
  const { edge, faults } = shopConfig();
  if (!isShopHost(header('host'), edge.allowedHosts)) {
    throw new ApiError(
      403,
      'host_not_allowed',
      'This Host does not name the shop; traces are served only to the shop’s own names (SHOP_ALLOWED_HOSTS).',
    );
  }
  const visit = visitFromCookieHeader(header('cookie'), visitSecret());
  if (visit && traceBelongsToVisit(traceId, visitIdentifiers(visit, visitSecret()))) return;
  // An order an API client placed for the visit without a trace of its own: the server started that trace.
  if (visit && (await isVisitOrderTrace(traceId, visitIdsOf(visit)))) return;
  const operator = judgeFaultsAccess(
    { header, peerAddress: header(EDGE_HEADERS.clientAddress) ?? undefined },
    { token: faults.token, listensOnLoopbackOnly: faults.listensOnLoopbackOnly },
  );
  if (operator.allowed && (operator.via === 'token' || header('sec-fetch-site') === null)) return;
  throw new ApiError(404, 'trace_not_found', `This visit has no trace ${traceId}.`);
}

/** A loopback name on any port, or one of SHOP_ALLOWED_HOSTS (`host` or `host:port`). */
export function isShopHost(hostHeader: string | null, allowedHosts: readonly string[]): boolean {
  if (!hostHeader) return false;
  const host = hostHeader.trim().toLowerCase();
  let hostname: string;
  try {
    hostname = new URL(`http://${host}`).hostname;
  } catch {
    return false;
  }
  return isLoopbackHost(hostname.replace(/^\[|\]$/g, '')) || allowedHosts.includes(host) || allowedHosts.includes(hostname);
}
