import Link from 'next/link';
import { notFound, redirect } from 'next/navigation';
import { formatDuration } from '@threadline/traces';
import { listSessionTraces, SESSION_TRACE_LIMIT, type SessionTrace } from '@/lib/server/session-traces';
import { currentVisit, visitIdentifiers, visitSecret } from '@/lib/server/visit';

export const dynamic = 'force-dynamic';

/**
 * Every trace of this visit, newest first. Only the visitor's own: any other ID, made up or someone
 * else's, is not found, so the URL can never show another visit's traces. The ID in the URL is the
 * visit's `session.id`, derived from its cookie: knowing it opens nothing.
 */
export default async function SessionPage({ params }: { params: Promise<{ sessionId: string }> }) {
  const { sessionId } = await params;
  const visit = await currentVisit();
  const identifiers = visit && visitIdentifiers(visit, visitSecret());
  if (!identifiers || !identifiers.sessionIds.includes(sessionId)) notFound();
  // The visit's first order rotates its cookie, and a page rendered before it links to the ID it had.
  if (sessionId !== identifiers.sessionId) redirect(`/sessions/${identifiers.sessionId}`);

  let traces: SessionTrace[] | undefined;
  try {
    traces = await listSessionTraces(identifiers.sessionIds);
  } catch {
    traces = undefined;
  }
  return (
    <section className="panel" aria-labelledby="session-heading">
      <p>
        <Link href="/">← Back to the shop</Link>
      </p>
      <h2 id="session-heading">This visit’s traces</h2>
      {traces === undefined ? (
        <p role="alert">Jaeger is not reachable, so this visit’s traces cannot be listed right now.</p>
      ) : traces.length === 0 ? (
        <p className="muted">No traces of this visit in Jaeger yet (they arrive within a second or two).</p>
      ) : (
        <table data-testid="session-traces">
          <caption className="muted">The last hour, newest first, at most {SESSION_TRACE_LIMIT}.</caption>
          <thead>
            <tr>
              <th scope="col">Started by</th>
              <th scope="col">Status</th>
              <th scope="col">Duration</th>
              <th scope="col">Spans</th>
              <th scope="col">Services</th>
              <th scope="col">Trace</th>
            </tr>
          </thead>
          <tbody>
            {traces.map((trace) => (
              <tr key={trace.traceId} data-trace-id={trace.traceId}>
                <td>{trace.startedBy}</td>
                <td>{trace.failed ? 'error' : 'ok'}</td>
                <td>{formatDuration(trace.durationMicros)}</td>
                <td>{trace.spanCount}</td>
                <td>{trace.services.join(', ')}</td>
                <td>
                  <Link href={`/traces/${trace.traceId}`}>
                    <code>{trace.traceId}</code>
                  </Link>
                </td>
              </tr>
            ))}
          </tbody>
        </table>
      )}
    </section>
  );
}
