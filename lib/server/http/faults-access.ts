import { assertFaultsAccess } from '@threadline/service-kit';
import { shopConfig } from '../config';
import { EDGE_HEADERS } from './edge-headers';

/**
 * Throws the 403 of the one error shape unless the caller may read and switch faults, by the rule
 * both services share (judgeFaultsAccess in @threadline/service-kit). A route handler cannot see its
 * socket, but the request edge can: the caller's address is the one it found (the TCP peer, or what
 * a trusted proxy names). Whether the shop listens on loopback alone is the launcher's word
 * (SHOP_LISTENS_ON_LOOPBACK). Forwarding headers are still read as a claim of "elsewhere".
 */
export function assertShopFaultsAccess(request: Request): void {
  const { token, listensOnLoopbackOnly } = shopConfig().faults;
  assertFaultsAccess(
    { header: (name) => request.headers.get(name), peerAddress: request.headers.get(EDGE_HEADERS.clientAddress) ?? undefined },
    { token, listensOnLoopbackOnly },
  );
}
