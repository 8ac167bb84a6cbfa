import { createHmac } from 'node:crypto';
import type { Visit } from './visit-cookie';

/**
 * What a visit is known by outside its cookie. Each is a keyed hash of the visit's secret: it tells
 * traces and pages apart by visit, and knowing it (from a URL, a span, a trace ID) opens nothing.
 */
export interface VisitIdentifiers {
  /** `session.id` on every span of the visit, and the /sessions/<id> page. 32 hex digits. */
  sessionId: string;
  /** The visit's own first, then the one its first order replaced, if any. */
  sessionIds: readonly string[];
  /** The first 16 hex digits of every trace ID the visit starts (see traceBelongsToVisit). */
  traceIdPrefix: string;
  traceIdPrefixes: readonly string[];
}

/** How much of a trace ID says whose it is: half; the other half (the right, as W3C asks) stays random. */
export const TRACE_ID_PREFIX_LENGTH = 16;

export function visitIdentifiers(visit: Visit, secret: Buffer): VisitIdentifiers {
  const ids = visit.previousId === undefined ? [visit.id] : [visit.id, visit.previousId];
  const sessionIds = ids.map((id) => keyedHash(secret, 'session.id', id, 16));
  const traceIdPrefixes = ids.map((id) => traceIdPrefixOf(secret, id));
  return { sessionId: sessionIds[0]!, sessionIds, traceIdPrefix: traceIdPrefixes[0]!, traceIdPrefixes };
}

/**
 * Whether a trace is this visit's: its ID starts with a prefix only this visit's pages and the
 * server's renders for it use. A prefix can be read off any trace ID, but a trace is judged by the
 * visit of the request that brings it, which only the cookie's holder can present.
 */
export function traceBelongsToVisit(traceId: string, identifiers: Pick<VisitIdentifiers, 'traceIdPrefixes'>): boolean {
  return identifiers.traceIdPrefixes.some((prefix) => traceId.startsWith(prefix));
}

function traceIdPrefixOf(secret: Buffer, visitId: string): string {
  const prefix = keyedHash(secret, 'trace-id-prefix', visitId, TRACE_ID_PREFIX_LENGTH / 2);
  // A trace ID may not be all zeros; keep even the prefix from being so.
  return /^0+$/.test(prefix) ? `${prefix.slice(0, -1)}1` : prefix;
}

function keyedHash(secret: Buffer, purpose: string, visitId: string, bytes: number): string {
  return createHmac('sha256', secret).update(`${purpose}|${visitId}`).digest().subarray(0, bytes).toString('hex');
}
