import { randomBytes } from 'node:crypto';
import type { APIRequestContext } from '@playwright/test';

export interface Traceparent {
  traceId: string;
  spanId: string;
  header: string;
}

/**
 * A fresh sampled W3C traceparent. With a visit's prefix (visitOf), it names a trace of that visit,
 * which the shop lets the visit's requests continue; without one, a trace of nobody's, as an
 * outside client would bring it (the shop starts its own trace then, linked to this one).
 */
export function newTraceparent(traceIdPrefix = ''): Traceparent {
  const traceId = `${traceIdPrefix}${randomBytes(16).toString('hex').slice(traceIdPrefix.length)}`;
  const spanId = randomBytes(8).toString('hex');
  return { traceId, spanId, header: `00-${traceId}-${spanId}-01` };
}

/** The visit of this request context (its cookie jar), started on first use: `GET /api/visit`. */
export async function visitOf(request: APIRequestContext, baseUrl = ''): Promise<{ sessionId: string; traceIdPrefix: string }> {
  const response = await request.get(`${baseUrl}/api/visit`);
  if (!response.ok()) throw new Error(`GET /api/visit answered ${response.status()}`);
  return (await response.json()) as { sessionId: string; traceIdPrefix: string };
}
