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
}

/**
 * The trace's shape in one line (roots, missing parents, services, errors, how long it lasted), and
 * the services' colours. Every figure is a fact of the spans, so the line reads the same whenever the
 * trace is opened.
 */
export function TraceHealthSummary({ health, spans, phase }: TraceHealthSummaryProps) {
  const untracedCallees = callsWithoutCalleeSpans(spans).length;
  return (
    <>
      <p className={health.whole ? 'trace-health' : 'trace-health broken'} data-testid="trace-health">
        {describeTraceHealth(health)} · {health.spanCount} spans
        {health.errorCount > 0 && ` · ${health.errorCount} with errors`}
        {/* While waiting, a call without callee spans is most likely a batch still on its way. */}
        {phase !== 'waiting' &&
          untracedCallees > 0 &&
          ` · ${untracedCallees} outgoing ${untracedCallees === 1 ? 'call has' : 'calls have'} no traced callee`}
        {phase === 'complete' && ` · lasted ${formatDuration(traceExtentMicros(spans))}`}
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

/** From the first span's start to the last span's end. */
function traceExtentMicros(spans: readonly TraceSpan[]): number {
  const start = Math.min(...spans.map((span) => span.startMicros));
  const end = Math.max(...spans.map((span) => span.startMicros + span.durationMicros));
  return end - start;
}
