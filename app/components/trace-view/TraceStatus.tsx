import { GIVE_UP_AFTER_MS, type TracePhase } from './use-trace-polling';

interface TraceStatusProps {
  phase: TracePhase;
  spanCount: number;
  problem: string | undefined;
  /** The trace was started by a caller that exports elsewhere (see continuesRemoteCaller). */
  continuesRemoteCaller: boolean;
}

/** Where the wait stands, in words; a live status region, so screen readers hear each change. */
export function TraceStatus({ phase, spanCount, problem, continuesRemoteCaller }: TraceStatusProps) {
  return (
    <p className="trace-status" role="status" data-testid="trace-status" data-phase={phase}>
      {statusLine(phase, spanCount, problem)}
      {phase === 'complete' &&
        continuesRemoteCaller &&
        ' The caller that started this trace does not export its spans here, so its span is the one missing parent.'}
    </p>
  );
}

function statusLine(phase: TracePhase, spanCount: number, problem: string | undefined): string {
  if (problem) return `${problem} Retrying…`;
  switch (phase) {
    case 'waiting':
      return spanCount === 0 ? 'Waiting for the trace to arrive in Jaeger…' : `Receiving spans (${spanCount} so far)…`;
    case 'complete':
      return 'Complete: every span has arrived.';
    case 'incomplete':
      return `Still incomplete after ${GIVE_UP_AFTER_MS / 1000} seconds: some spans never arrived, or a hop lost the trace context.`;
    case 'not_found':
      return 'Jaeger has no trace with this ID. It may not have been sampled, or it has expired.';
  }
}
