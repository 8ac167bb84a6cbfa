'use client';

import { useState } from 'react';
import { traceHealth } from '@threadline/traces';
import { SpanDetails } from './SpanDetails';
import { TraceHealthSummary } from './TraceHealthSummary';
import { TraceStatus } from './TraceStatus';
import { useTracePolling } from './use-trace-polling';
import { WaterfallTable } from './WaterfallTable';

interface TraceViewProps {
  traceId: string;
  /** Services the trace must hold before it counts as complete (an order's: browser, web, user API). */
  expectedServices?: readonly string[];
}

/** Polls the trace until it is complete (or the wait runs out) and draws it as a waterfall. */
export function TraceView({ traceId, expectedServices = [] }: TraceViewProps) {
  const { phase, spans, problem } = useTracePolling(traceId, expectedServices);
  // A selection belongs to one poll: when the poll starts over, so does the selection.
  const pollKey = `${traceId}|${expectedServices.join(',')}`;
  const [selection, setSelection] = useState<{ pollKey: string; spanId: string } | undefined>();
  const selectedSpanId = selection?.pollKey === pollKey ? selection.spanId : undefined;
  const setSelectedSpanId = (spanId: string | undefined) => setSelection(spanId === undefined ? undefined : { pollKey, spanId });

  const health = traceHealth(spans);
  const selected = spans.find((span) => span.spanId === selectedSpanId);

  return (
    <section className="panel trace-view" aria-labelledby={`trace-view-${traceId}`}>
      <h2 id={`trace-view-${traceId}`}>Trace {traceId}</h2>
      <TraceStatus
        phase={phase}
        spanCount={spans.length}
        problem={problem}
        continuesRemoteCaller={health.continuesRemoteCaller}
      />
      {spans.length > 0 && (
        <>
          <TraceHealthSummary health={health} spans={spans} phase={phase} />
          <WaterfallTable traceId={traceId} spans={spans} selectedSpanId={selectedSpanId} onSelect={setSelectedSpanId} />
          <SpanDetails span={selected} />
        </>
      )}
    </section>
  );
}
