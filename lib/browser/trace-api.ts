import { isErrorBody } from '@threadline/service-kit/errors';
import type { TraceSpan } from '@threadline/traces';

export type TraceLookup =
  { kind: 'found'; spans: TraceSpan[] } | { kind: 'not_found' } | { kind: 'unavailable'; message: string };

/** One read of a trace through the shop's server (which asks Jaeger). */
export async function fetchTrace(traceId: string): Promise<TraceLookup> {
  let response: Response;
  try {
    response = await fetch(`/api/traces/${traceId}`, { headers: { accept: 'application/json' }, cache: 'no-store' });
  } catch {
    return { kind: 'unavailable', message: 'The shop could not be reached.' };
  }
  const body: unknown = await response.json().catch(() => undefined);
  if (response.ok) {
    const { spans } = body as { spans: TraceSpan[] };
    return spans.length > 0 ? { kind: 'found', spans } : { kind: 'not_found' };
  }
  if (response.status === 404) return { kind: 'not_found' };
  return { kind: 'unavailable', message: isErrorBody(body) ? body.error.message : `The shop answered ${response.status}.` };
}
