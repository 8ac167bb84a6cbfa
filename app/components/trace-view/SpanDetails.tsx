import Link from 'next/link';
import { formatDuration, type TraceSpan } from '@threadline/traces';

/** The selected span's identity, attributes (sorted by name) and events; a polite live region, so a selection is read out. */
export function SpanDetails({ span }: { span: TraceSpan | undefined }) {
  return (
    <section className="span-details" aria-live="polite" aria-label="Selected span">
      {span ? (
        <>
          <h3>
            {span.service}: {span.name}
          </h3>
          <dl>
            <dt>Span ID</dt>
            <dd>
              <code>{span.spanId}</code>
            </dd>
            <dt>Parent</dt>
            <dd>
              <code>{span.parentSpanId ?? '(root)'}</code>
            </dd>
            <dt>Kind</dt>
            <dd>{span.kind}</dd>
            <dt>Status</dt>
            <dd>{span.status}</dd>
            <dt>Duration</dt>
            <dd>{formatDuration(span.durationMicros)}</dd>
            {Object.entries(span.attributes)
              .sort(([a], [b]) => a.localeCompare(b))
              .map(([key, value]) => (
                <AttributeRow key={key} name={key} value={value} />
              ))}
          </dl>
          {span.links && span.links.length > 0 && (
            <>
              <h4>Links</h4>
              <ul data-testid="span-links">
                {span.links.map((link) => (
                  <li key={`${link.traceId}-${link.spanId}`}>
                    <Link href={`/traces/${link.traceId}`}>Trace {link.traceId}</Link> (span <code>{link.spanId}</code>)
                  </li>
                ))}
              </ul>
            </>
          )}
          {span.events.length > 0 && (
            <>
              <h4>Events</h4>
              <ul>
                {span.events.map((event, index) => (
                  <li key={index}>
                    {event.name}: {describeEvent(event.attributes)}
                  </li>
                ))}
              </ul>
            </>
          )}
        </>
      ) : (
        <p className="muted">Select a span to see its attributes.</p>
      )}
    </section>
  );
}

function AttributeRow({ name, value }: { name: string; value: unknown }) {
  return (
    <>
      <dt>{name}</dt>
      <dd>
        <code>{typeof value === 'string' ? value : JSON.stringify(value)}</code>
      </dd>
    </>
  );
}

/** An exception's type and message; any other event's attributes as they are. */
function describeEvent(attributes: Record<string, unknown>): string {
  if (attributes['exception.message'] !== undefined) {
    return `${String(attributes['exception.type'] ?? 'Error')}: ${String(attributes['exception.message'])}`;
  }
  const { event: _name, ...rest } = attributes;
  return Object.keys(rest).length > 0 ? JSON.stringify(rest) : '';
}
