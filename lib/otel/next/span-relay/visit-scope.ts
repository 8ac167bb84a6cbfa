import { ApiError } from '@threadline/service-kit';
import type { OtlpBatch, OtlpResourceSpans } from './otlp-batch';

/**
 * What the relay knows of the visit a batch comes from, by its cookie (lib/server/visit): the visit
 * itself and the one its first order replaced, each with the `session.id` and the trace-ID prefix
 * that visit's pages used.
 */
export interface RelayVisit {
  sessions: readonly { sessionId: string; traceIdPrefix: string }[];
}

/**
 * A page writes only into its own visit's traces: the ones it started, and the page loads the server
 * rendered for it, all of whose IDs start with the visit's prefix. A batch from no visit, or with a
 * span in anyone else's trace, is forged (the shop's pages never send one) and refused whole. What
 * passes carries the `session.id` of the visit that started each trace, whatever the page claimed:
 * a page cannot file its spans under another visit, and a trace begun before the visit's first order
 * keeps the session it began in, on every tier, though its last spans are sent after the rotation.
 */
export function scopeBatchToVisit(batch: OtlpBatch, visit: RelayVisit | undefined): OtlpBatch {
  if (visit === undefined) {
    throw new ApiError(403, 'no_visit', 'Spans are accepted only from the shop’s pages, with their visit cookie.');
  }
  const sessionOf = (traceId: string) => {
    const session = visit.sessions.find(({ traceIdPrefix }) => traceId.startsWith(traceIdPrefix));
    if (!session) throw new ApiError(403, 'foreign_trace', 'A page may send spans only into its own visit’s traces.');
    return session.sessionId;
  };
  return { resourceSpans: batch.resourceSpans.flatMap((resourceSpans) => splitBySession(resourceSpans, sessionOf)) };
}

/** One resource per session the spans belong to, each with that session's `session.id` and no other. */
function splitBySession(resourceSpans: OtlpResourceSpans, sessionOf: (traceId: string) => string): OtlpResourceSpans[] {
  const bySession = new Map<string, OtlpResourceSpans>();
  for (const scopeSpans of resourceSpans.scopeSpans) {
    for (const span of scopeSpans.spans) {
      const sessionId = sessionOf(span.traceId);
      let target = bySession.get(sessionId);
      if (!target) {
        target = {
          ...resourceSpans,
          resource: {
            ...resourceSpans.resource,
            attributes: [
              ...resourceSpans.resource.attributes.filter((attribute) => attribute.key !== 'session.id'),
              { key: 'session.id', value: { type: 'string', value: sessionId } },
            ],
          },
          scopeSpans: [],
        };
        bySession.set(sessionId, target);
      }
      let targetScope = target.scopeSpans.find((candidate) => candidate.scope === scopeSpans.scope);
      if (!targetScope) {
        targetScope = { ...scopeSpans, spans: [] };
        target.scopeSpans.push(targetScope);
      }
      targetScope.spans.push(span);
    }
  }
  return [...bySession.values()];
}
