import { buildWaterfall, formatDuration, serviceColour, type TraceSpan } from '@threadline/traces';

interface WaterfallTableProps {
  traceId: string;
  spans: readonly TraceSpan[];
  selectedSpanId: string | undefined;
  /** Called with the span to select, or `undefined` when the selected span's button is pressed again. */
  onSelect: (spanId: string | undefined) => void;
}

/**
 * The spans as a table in tree order, each with its bar on the trace's time axis. Every span name is
 * a button, so the waterfall works from the keyboard (Tab, then Enter or Space) and a screen reader
 * hears each span's service, name, depth and trouble in its label.
 */
export function WaterfallTable({ traceId, spans, selectedSpanId, onSelect }: WaterfallTableProps) {
  const waterfall = buildWaterfall(spans);
  return (
    <div className="waterfall-scroll">
      <table className="waterfall" data-testid="waterfall">
        <caption className="visually-hidden">
          Spans of trace {traceId}, in tree order; the timeline column spans {formatDuration(waterfall.durationMicros)}.
        </caption>
        <thead>
          <tr>
            <th scope="col">Span</th>
            <th scope="col">Timeline ({formatDuration(waterfall.durationMicros)})</th>
            <th scope="col">Duration</th>
          </tr>
        </thead>
        <tbody>
          {waterfall.rows.map(({ span, depth, missingParent, offsetPercent, widthPercent }) => (
            <tr
              key={span.spanId}
              data-service={span.service}
              data-status={span.status}
              aria-selected={span.spanId === selectedSpanId}
              className={span.spanId === selectedSpanId ? 'selected' : undefined}
            >
              <th scope="row" style={{ paddingLeft: `${0.5 + depth * 1.1}rem` }}>
                <button
                  type="button"
                  className="span-name"
                  aria-pressed={span.spanId === selectedSpanId}
                  aria-label={`${span.service}: ${span.name}, level ${depth + 1}${span.status === 'ERROR' ? ', error' : ''}${missingParent ? ', parent missing' : ''}`}
                  onClick={() => onSelect(span.spanId === selectedSpanId ? undefined : span.spanId)}
                >
                  <span className="swatch" style={{ background: serviceColour(span.service) }} aria-hidden="true" />
                  <span className="service">{span.service}</span> {span.name}
                  {span.status === 'ERROR' && <span className="badge error-badge">error</span>}
                  {missingParent && <span className="badge missing-badge">parent missing</span>}
                </button>
              </th>
              <td className="timeline" aria-hidden="true">
                <span
                  className={span.status === 'ERROR' ? 'bar error' : 'bar'}
                  style={{ left: `${offsetPercent}%`, width: `${widthPercent}%`, background: serviceColour(span.service) }}
                />
              </td>
              <td className="duration">{formatDuration(span.durationMicros)}</td>
            </tr>
          ))}
        </tbody>
      </table>
    </div>
  );
}
