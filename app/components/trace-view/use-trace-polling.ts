import { useEffect, useState } from 'react';
import { fetchTrace } from '@/lib/browser/trace-api';
import { isCompleteTrace, pollTrace, type TracePollResult, type TraceSpan } from '@threadline/traces';

const POLL_INTERVAL_MS = 250;
/** When the view stops waiting and gives its verdict (the status line names the figure). */
export const GIVE_UP_AFTER_MS = 30_000;

export type TracePhase = 'waiting' | 'complete' | 'incomplete' | 'not_found';

export interface TracePollingState {
  phase: TracePhase;
  spans: TraceSpan[];
  /** Why the view cannot show a trace right now (Jaeger down), if it cannot. */
  problem: string | undefined;
}

const STARTING: TracePollingState = { phase: 'waiting', spans: [], problem: undefined };

/**
 * Polls the trace through the shop until it is complete (see isCompleteTrace) and its spans have
 * stopped arriving, or the wait runs out; starts over when the trace or the expected services change.
 */
export function useTracePolling(traceId: string, expectedServices: readonly string[]): TracePollingState {
  // Callers pass a fresh array each render; the joined names change only when the services do.
  const servicesKey = expectedServices.join(',');
  const pollKey = `${traceId}|${servicesKey}`;
  // Each answer is kept with the poll it belongs to; a new poll starts from STARTING, not from the last one's answer.
  const [answer, setAnswer] = useState<{ pollKey: string; state: TracePollingState } | undefined>();

  useEffect(() => {
    const stop = new AbortController();
    const expected = servicesKey ? servicesKey.split(',') : [];
    const setState = (state: TracePollingState) => setAnswer({ pollKey, state });
    void pollTrace(
      () => readThroughShop(traceId),
      (spans) => isCompleteTrace(spans, expected),
      {
        timeoutMs: GIVE_UP_AFTER_MS,
        intervalMs: POLL_INTERVAL_MS,
        // No overtime: the person is promised a verdict when the wait runs out, not a little after.
        readyOvertimeMs: 0,
        signal: stop.signal,
        onWaiting: ({ spans, problem }) => setState({ phase: 'waiting', spans, problem }),
      },
    ).then((result) => {
      if (!stop.signal.aborted) setState(verdict(result));
    });
    return () => stop.abort();
  }, [traceId, servicesKey, pollKey]);

  return answer?.pollKey === pollKey ? answer.state : STARTING;
}

function verdict({ ready, spans, problem }: TracePollResult): TracePollingState {
  if (ready) return { phase: 'complete', spans, problem: undefined };
  return { phase: spans.length > 0 ? 'incomplete' : 'not_found', spans, problem };
}

/** One read through the shop's API; a Jaeger the shop cannot reach rejects, so the poll shows why and carries on. */
async function readThroughShop(traceId: string): Promise<TraceSpan[]> {
  const lookup = await fetchTrace(traceId);
  if (lookup.kind === 'unavailable') throw new Error(lookup.message);
  return lookup.kind === 'found' ? lookup.spans : [];
}
