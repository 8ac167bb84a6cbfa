import {
  callsWithoutCalleeSpans,
  describeTraceHealth,
  formatDuration,
  serviceColour,
  type TraceHealth,
  type TraceSpan,
} from '@threadline/traces';
import type { TracePhase } from './use-trace-polling';

interface TraceHealthSummaryProps {
  health: TraceHealth;
  spans: readonly TraceSpan[];
  phase: TracePhase;
  /** When the final span set first appeared in Jaeger, in ms since the epoch (once settled). */
  settledAtMs: number | undefined;
}

/** The trace's shape in one line (roots, missing parents, services, errors), and the services' colours. */
export function TraceHealthSummary({ health, spans, phase, settledAtMs }: TraceHealthSummaryProps) {
  const untracedCallees = callsWithoutCalleeSpans(spans).length;
  const root = spans.find((span) => span.parentSpanId === undefined);
  return (
    <>
      <p className={health.whole ? 'trace-health' : 'trace-health broken'} data-testid="trace-health">
        {describeTraceHealth(health)} · {health.spanCount} spans
        {health.errorCount > 0 && ` · ${health.errorCount} with errors`}
        {/* While waiting, a call without callee spans is most likely a batch still on its way. */}
        {phase !== 'waiting' &&
          untracedCallees > 0 &&
          ` · ${untracedCallees} outgoing ${untracedCallees === 1 ? 'call has' : 'calls have'} no traced callee`}
        {settledAtMs !== undefined &&
          root &&
          ` · complete in Jaeger ${formatDuration(settledAtMs * 1000 - root.startMicros)} after it started`}
      </p>
      <ul className="service-legend" aria-label="Services">
        {health.services.map((service) => (
          <li key={service}>
            <span className="swatch" style={{ background: serviceColour(service) }} aria-hidden="true" /> {service}
          </li>
        ))}
      </ul>
    </>
  );
}
