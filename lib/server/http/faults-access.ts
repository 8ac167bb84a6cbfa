import { assertFaultsAccess } from '@threadline/service-kit';
import { shopConfig } from '../config';

/**
 * Throws the 403 of the one error shape unless the caller may read and switch faults, by the rule
 * both services share (judgeFaultsAccess in @threadline/service-kit). A route handler cannot see its
 * socket, so the shop knows less than the user API does: whether it listens on loopback alone is the
 * launcher's word (SHOP_LISTENS_ON_LOOPBACK), and the peer is known only through X-Forwarded-For,
 * which Next.js fills with the socket's peer when a request comes without one. That header is
 * trusted only to say "elsewhere": a caller who forges a loopback address in it must already reach
 * a socket that only this machine can reach.
 */
export function assertShopFaultsAccess(request: Request): void {
  const { token, listensOnLoopbackOnly } = shopConfig().faults;
  assertFaultsAccess({ header: (name) => request.headers.get(name), peerAddress: undefined }, { token, listensOnLoopbackOnly });
}
