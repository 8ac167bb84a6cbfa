import { createHash, timingSafeEqual } from 'node:crypto';
import { isIP } from 'node:net';
import { ApiError } from './api-error';

/** FAULTS_TOKEN is refused at start-up when shorter: a token easy to guess is worse than none, as it looks like protection. */
export const MIN_FAULTS_TOKEN_LENGTH = 16;

/**
 * Who may read and switch faults (docs/faults.md, "Who may switch faults"). A fault breaks the
 * service for everyone, so the rule is closed unless the caller is provably on this machine, or
 * holds the token.
 */
export interface FaultsAccessPolicy {
  /** FAULTS_TOKEN: a bearer token that opens the API from anywhere. Undefined: no token does. */
  token: string | undefined;
  /**
   * Whether the server's socket listens on loopback addresses alone. Only then is every TCP peer on
   * this machine, which is what makes "local" a fact rather than a claim in a header.
   */
  listensOnLoopbackOnly: boolean;
}

export interface FaultsAccessRequest {
  /** A request header by its lower-case name; a repeated one joined with ", " (as Node joins them). */
  header: (name: string) => string | null | undefined;
  /** The TCP peer's address where the server can see it (a plain Node server); undefined in a Next.js route handler. */
  peerAddress: string | undefined;
}

export type FaultsAccess = { allowed: true; via: 'token' | 'loopback' } | { allowed: false; reason: string };

/**
 * The rule, in order:
 * 1. A request with an Authorization header is judged by it alone: `Bearer <FAULTS_TOKEN>` passes,
 *    any other credential is refused (a client that presents one wants it checked, not ignored).
 * 2. Without one, the caller passes only if it is provably local: the server listens on loopback
 *    alone; the TCP peer, where visible, is a loopback address; no forwarding header (X-Forwarded-For,
 *    X-Real-IP, Forwarded) names anything else, which is how a proxy on this machine says it passes on
 *    a caller from elsewhere; and the Host header names this machine, so a web page whose DNS name
 *    is rebound to 127.0.0.1 cannot use the visitor's browser to switch faults.
 */
export function judgeFaultsAccess(request: FaultsAccessRequest, policy: FaultsAccessPolicy): FaultsAccess {
  const authorization = request.header('authorization');
  if (authorization !== null && authorization !== undefined) {
    const presented = /^Bearer +(\S+) *$/i.exec(authorization)?.[1];
    if (policy.token !== undefined && presented !== undefined && isSameSecret(presented, policy.token)) {
      return { allowed: true, via: 'token' };
    }
    return {
      allowed: false,
      reason:
        policy.token === undefined
          ? 'This server has no FAULTS_TOKEN, so no credential opens its faults API.'
          : 'The credential does not match: send Authorization: Bearer <FAULTS_TOKEN>.',
    };
  }
  const notLocal = whyNotProvablyLocal(request, policy.listensOnLoopbackOnly);
  if (notLocal === undefined) return { allowed: true, via: 'loopback' };
  const remedy = policy.token
    ? 'Send Authorization: Bearer <FAULTS_TOKEN>.'
    : 'Set FAULTS_TOKEN on the server and send it as Authorization: Bearer <token>.';
  return { allowed: false, reason: `Faults can be switched only from this machine or with the token: ${notLocal} ${remedy}` };
}

/** Throws the 403 of the one error shape unless judgeFaultsAccess lets the request through. */
export function assertFaultsAccess(request: FaultsAccessRequest, policy: FaultsAccessPolicy): void {
  const access = judgeFaultsAccess(request, policy);
  if (!access.allowed) throw new ApiError(403, 'faults_forbidden', access.reason);
}

function whyNotProvablyLocal(request: FaultsAccessRequest, listensOnLoopbackOnly: boolean): string | undefined {
  if (!listensOnLoopbackOnly)
    return 'this server does not listen on loopback alone, so it cannot tell a local caller from a remote one.';
  if (request.peerAddress !== undefined && !isLoopbackAddress(request.peerAddress))
    return 'the request came from another machine.';
  for (const header of ['x-forwarded-for', 'x-real-ip', 'forwarded'] as const) {
    const named = forwardedAddresses(header, request.header(header) ?? '');
    if (!named.every(isLoopbackAddress)) return `the ${header} header names a caller that is not on this machine.`;
  }
  if (!isLoopbackHost(hostnameOf(request.header('host')))) return 'the Host header does not name this machine.';
  return undefined;
}

/** The addresses a forwarding header names, with ports and quotes taken off; `unknown` and obfuscated names stay as they are (and so are not loopback). */
export function forwardedAddresses(header: 'x-forwarded-for' | 'x-real-ip' | 'forwarded', value: string): string[] {
  const entries =
    header === 'forwarded'
      ? value.split(',').flatMap((element) =>
          element
            .split(';')
            .map((pair) => pair.trim())
            .filter((pair) => pair.toLowerCase().startsWith('for='))
            .map((pair) => pair.slice('for='.length).replace(/^"|"$/g, '')),
        )
      : value.split(',');
  return entries.map((entry) => withoutPort(entry.trim())).filter((entry) => entry !== '');
}

function withoutPort(entry: string): string {
  const bracketed = /^\[([^\]]*)\](?::\d+)?$/.exec(entry);
  if (bracketed) return bracketed[1]!;
  const ipv4WithPort = /^(\d{1,3}(?:\.\d{1,3}){3}):\d+$/.exec(entry);
  return ipv4WithPort ? ipv4WithPort[1]! : entry;
}

/** 127.0.0.0/8, ::1 and their IPv4-mapped IPv6 forms; anything that is not an IP address is not loopback. */
export function isLoopbackAddress(address: string): boolean {
  const candidate = address
    .trim()
    .toLowerCase()
    .replace(/^\[|\]$/g, '');
  const mappedIpv4 = /^::ffff:(\d{1,3}(?:\.\d{1,3}){3})$/.exec(candidate)?.[1];
  const ipv4 = mappedIpv4 ?? candidate;
  if (isIP(ipv4) === 4) return ipv4.startsWith('127.');
  if (isIP(candidate) !== 6) return false;
  // The URL parser writes an IPv6 address in its one canonical form: "[::1]", "[::ffff:7f00:1]".
  const canonical = new URL(`http://[${candidate}]`).hostname;
  return canonical === '[::1]' || /^\[::ffff:7f[0-9a-f]{2}:[0-9a-f]{1,4}\]$/.test(canonical);
}

/** A host name that can only mean this machine: `localhost` or a loopback address. */
export function isLoopbackHost(host: string | undefined): boolean {
  if (host === undefined) return false;
  return host.toLowerCase() === 'localhost' || isLoopbackAddress(host);
}

function hostnameOf(hostHeader: string | null | undefined): string | undefined {
  if (!hostHeader) return undefined;
  try {
    return new URL(`http://${hostHeader}`).hostname;
  } catch {
    return undefined;
  }
}

/** Compares digests, so neither a differing length nor an early mismatch shows in the time it takes. */
function isSameSecret(presented: string, expected: string): boolean {
  const digest = (value: string) => createHash('sha256').update(value).digest();
  return timingSafeEqual(digest(presented), digest(expected));
}
