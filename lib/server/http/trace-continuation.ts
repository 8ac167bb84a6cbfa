import { randomBytes } from 'node:crypto';
import { ROOT_CONTEXT } from '@opentelemetry/api';
import { SamplingDecision, TraceIdRatioBasedSampler } from '@opentelemetry/sdk-trace-base';
import { TRACE_ID_PREFIX_LENGTH } from '../visit/visit-identifiers';

/**
 * Which caller may continue the trace it brings in `traceparent` (docs/reliability.md, "Whose trace
 * a request joins"). A trace is its visit's: only the visit's own pages (their trace IDs start with
 * the visit's prefix) and clients you trust (TRUSTED_TRACE_CLIENTS) continue it. Anyone else's
 * request starts a trace of its own that links to the one it named, so no caller can add spans to
 * another visitor's trace, and nothing the caller meant to say is lost.
 */
export type TraceContinuation = { kind: 'none' } | { kind: 'continue' } | { kind: 'link'; callerTraceparent: string };

const TRACEPARENT = /^00-([0-9a-f]{32})-([0-9a-f]{16})-[0-9a-f]{2}$/;

export function decideTraceContinuation(
  traceparent: string | undefined,
  { traceIdPrefixes, trustedClient }: { traceIdPrefixes: readonly string[]; trustedClient: boolean },
): TraceContinuation {
  if (traceparent === undefined) return { kind: 'none' };
  const traceId = TRACEPARENT.exec(traceparent.trim())?.[1];
  // Malformed context is the propagator's to refuse (it starts a new trace); nothing to link to.
  if (traceId === undefined) return { kind: 'continue' };
  if (trustedClient || traceIdPrefixes.some((prefix) => traceId.startsWith(prefix))) return { kind: 'continue' };
  return { kind: 'link', callerTraceparent: traceparent.trim() };
}

/**
 * The context of a page load that has not happened yet: the browser will record its page load under
 * exactly this span ID, from navigation start, as the root of the trace, and the server renders the
 * page as its child. Sampled as the browser would sample it (BROWSER_TRACES_SAMPLER_ARG, by trace
 * ID), so the server and the page agree.
 */
export function pageLoadTraceparent(traceIdPrefix: string, browserTraceRatio: number, random = randomBytes): string {
  const traceId = `${traceIdPrefix}${random((32 - TRACE_ID_PREFIX_LENGTH) / 2).toString('hex')}`;
  let spanId = random(8).toString('hex');
  if (/^0+$/.test(spanId)) spanId = `${spanId.slice(0, -1)}1`;
  return `00-${traceId}-${spanId}-${sampledByRatio(traceId, browserTraceRatio) ? '01' : '00'}`;
}

/**
 * A context that records nothing (its sampled flag is off), for a request nobody should trace: the
 * services follow a parent's decision, so no span is made, and none waits for a parent.
 */
export function unsampledTraceparent(traceIdPrefix: string, random = randomBytes): string {
  const traceId = `${traceIdPrefix}${random(16).toString('hex').slice(traceIdPrefix.length)}`;
  return `00-${traceId}-${random(8).toString('hex')}-00`;
}

/** The page's own root sampler on this trace ID, so the server and the page decide alike. */
function sampledByRatio(traceId: string, ratio: number): boolean {
  return new TraceIdRatioBasedSampler(ratio).shouldSample(ROOT_CONTEXT, traceId).decision === SamplingDecision.RECORD_AND_SAMPLED;
}
