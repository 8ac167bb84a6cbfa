import { hasStoppedArriving, QUIET_PERIOD_MS, spanCountClock, UNTRACED_CALLEE_GRACE_MS } from './trace-health';
import type { TraceSpan } from './trace-tree';

/**
 * Reads the spans of one trace as its store holds them now: none while the store does not know the
 * trace yet. Rejects when the store cannot be read at all (Jaeger down), the reason as its message.
 * The browser reads through the shop's API, the Node tools straight from Jaeger (jaegerSpanReader).
 */
export type TraceSpanReader = () => Promise<TraceSpan[]>;

export interface TracePollProgress {
  /** The spans of the latest read. */
  spans: TraceSpan[];
  /** Why the latest read failed, if it did: a failed read is a wait ("no spans yet"), not the end. */
  problem: string | undefined;
}

export interface TracePollOptions {
  timeoutMs: number;
  intervalMs?: number;
  /** How long the span count must hold still once `isReady` holds; see QUIET_PERIOD_MS. */
  quietMs?: number;
  /** How long it must hold still while an answered call has no callee spans; see UNTRACED_CALLEE_GRACE_MS. */
  untracedCalleeGraceMs?: number;
  /**
   * How long past the deadline a trace that is ready, but not yet quiet, may keep being polled. The
   * quiet period by default, so a trace ready just before the deadline still gets it.
   */
  readyOvertimeMs?: number;
  /** Ends the wait early (a React effect cleaned up); the result is then the trace as it stood. */
  signal?: AbortSignal;
  /** Told after each read that does not end the wait. */
  onWaiting?: (progress: TracePollProgress) => void;
}

export interface TracePollResult extends TracePollProgress {
  /** False when the wait ran out (or was stopped) first; `spans` is then the trace as it stood. */
  ready: boolean;
  /** When the final span set first appeared, in ms since the epoch; set when `ready`. */
  settledAtMs: number | undefined;
}

/**
 * Polls a trace until `isReady` holds and its spans have stopped arriving (see hasStoppedArriving),
 * or the wait runs out. Each service exports on its own schedule, so a batch still on its way must
 * not be mistaken for a span that will never come. The one loop behind the trace view, the
 * end-to-end tests' waitForTrace and the doctor.
 */
export async function pollTrace(
  readSpans: TraceSpanReader,
  isReady: (spans: TraceSpan[]) => boolean,
  options: TracePollOptions,
): Promise<TracePollResult> {
  const { timeoutMs, intervalMs = 250, quietMs = QUIET_PERIOD_MS, untracedCalleeGraceMs = UNTRACED_CALLEE_GRACE_MS } = options;
  const { readyOvertimeMs = quietMs, signal, onWaiting } = options;
  const deadline = Date.now() + timeoutMs;
  const countSeenSince = spanCountClock();
  let latest: TracePollProgress = { spans: [], problem: undefined };
  while (!signal?.aborted) {
    latest = await readOnce(readSpans);
    if (signal?.aborted) break;
    const now = Date.now();
    const seenSinceMs = countSeenSince(latest.spans.length, now);
    const ready = latest.spans.length > 0 && isReady(latest.spans);
    if (ready && hasStoppedArriving(latest.spans, now - seenSinceMs, { quietMs, untracedCalleeGraceMs })) {
      return { ...latest, ready: true, settledAtMs: seenSinceMs };
    }
    if (now >= deadline + (ready ? readyOvertimeMs : 0)) break;
    onWaiting?.(latest);
    await pause(intervalMs, signal);
  }
  return { ...latest, ready: false, settledAtMs: undefined };
}

async function readOnce(readSpans: TraceSpanReader): Promise<TracePollProgress> {
  try {
    return { spans: await readSpans(), problem: undefined };
  } catch (error) {
    return { spans: [], problem: error instanceof Error ? error.message : String(error) };
  }
}

/** Waits `ms`, or less if `signal` aborts first, so a stopped poll does not read once more. */
function pause(ms: number, signal: AbortSignal | undefined): Promise<void> {
  return new Promise((resolve) => {
    if (signal?.aborted) return resolve();
    const done = () => {
      clearTimeout(timer);
      signal?.removeEventListener('abort', done);
      resolve();
    };
    const timer = setTimeout(done, ms);
    signal?.addEventListener('abort', done, { once: true });
  });
}
