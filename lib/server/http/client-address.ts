import { BlockList, isIP } from 'node:net';

/** A set of addresses and networks ("10.0.0.0/8", "::1", "192.0.2.7"), as TRUSTED_PROXIES and TRUSTED_TRACE_CLIENTS name them. */
export interface AddressSet {
  has(address: string): boolean;
  readonly size: number;
}

/** Parses a list of IPs and CIDR networks; a malformed entry fails at start-up, naming the variable. */
export function addressSetFrom(entries: readonly string[], variable: string): AddressSet {
  const list = new BlockList();
  for (const entry of entries) {
    const [address = '', prefix, ...rest] = entry.split('/');
    const family = isIP(address);
    const bits = prefix === undefined ? (family === 6 ? 128 : 32) : Number(prefix);
    if (family === 0 || rest.length > 0 || !Number.isInteger(bits) || bits < 0 || bits > (family === 6 ? 128 : 32)) {
      throw new Error(`${variable} has "${entry}"; list IP addresses or CIDR networks (10.0.0.0/8), comma-separated`);
    }
    list.addSubnet(address, bits, family === 6 ? 'ipv6' : 'ipv4');
  }
  return {
    size: entries.length,
    has(address) {
      const plain = plainAddress(address);
      const family = isIP(plain);
      return family !== 0 && list.check(plain, family === 6 ? 'ipv6' : 'ipv4');
    },
  };
}

/**
 * Who is asking, as far as the shop can know it. The TCP peer, unless the peer is a proxy you
 * trust (TRUSTED_PROXIES): then the right-most X-Forwarded-For entry that is not itself a trusted
 * proxy, which is the address the outermost trusted proxy saw. Anything to its left was written by
 * the client and proves nothing; a client can choose any X-Forwarded-For it likes, the TCP peer it
 * cannot.
 */
export function clientAddressOf(peer: string | undefined, forwardedFor: string | undefined, trustedProxies: AddressSet): string {
  const peerAddress = plainAddress(peer ?? '');
  if (peerAddress === '' || !trustedProxies.has(peerAddress)) return peerAddress || 'unknown';
  const hops = (forwardedFor ?? '')
    .split(',')
    .map((hop) => plainAddress(hop.trim()))
    .filter((hop) => hop !== '');
  for (let index = hops.length - 1; index >= 0; index -= 1) {
    if (!trustedProxies.has(hops[index]!)) return hops[index]!;
  }
  return hops[0] ?? peerAddress;
}

/** "::ffff:127.0.0.1" is 127.0.0.1; a port or brackets are not part of an address. */
export function plainAddress(address: string): string {
  const bracketed = /^\[([^\]]+)\](?::\d+)?$/.exec(address);
  const withoutPort = bracketed ? bracketed[1]! : (/^(\d{1,3}(?:\.\d{1,3}){3}):\d+$/.exec(address)?.[1] ?? address);
  const mapped = /^::ffff:(\d{1,3}(?:\.\d{1,3}){3})$/i.exec(withoutPort)?.[1];
  return (mapped ?? withoutPort).toLowerCase();
}
