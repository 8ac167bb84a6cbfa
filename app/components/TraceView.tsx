'use client';

import { useEffect, useState } from 'react';
import { fetchTrace } from '@/lib/gateways/trace-api';
import { serviceColour } from '@/lib/traces/service-colours';
import { callsWithoutCalleeSpans, describeTraceHealth, isSettledTrace, spanCountClock, traceHealth } from '@/lib/traces/trace-health';
import type { TraceSpan } from '@/lib/traces/trace-tree';
import { buildWaterfall, formatDuration } from '@/lib/traces/trace-waterfall';

const POLL_INTERVAL_MS = 250;
const GIVE_UP_AFTER_MS = 30_000;

type Phase = 'waiting' | 'complete' | 'incomplete' | 'not_found';

interface ViewState {
  phase: Phase;
  spans: TraceSpan[];
  /** Why the view cannot show a trace right now (Jaeger down), if it cannot. */
  problem: string | undefined;
  /** When the final span set first appeared in Jaeger's answers, in ms since the epoch (once settled). */
  settledAtMs: number | undefined;
}

interface TraceViewProps {
  traceId: string;
  /** Services the trace must hold before it counts as complete (an order's: browser, web, user API). */
  expectedServices?: readonly string[];
}

/** Polls the trace until it is complete (or the wait runs out) and draws it as a waterfall. */
export function TraceView({ traceId, expectedServices = [] }: TraceViewProps) {
  const [state, setState] = useState<ViewState>({ phase: 'waiting', spans: [], problem: undefined, settledAtMs: undefined });
  const [selectedSpanId, setSelectedSpanId] = useState<string | undefined>();
  const servicesKey = expectedServices.join(',');

  useEffect(() => {
    let cancelled = false;
    const giveUpAt = Date.now() + GIVE_UP_AFTER_MS;
    // When the current span set was first seen: the moment the trace was complete in Jaeger, once it settles.
    const countSeenSince = spanCountClock();
    setState({ phase: 'waiting', spans: [], problem: undefined, settledAtMs: undefined });
    setSelectedSpanId(undefined);

    const poll = async () => {
      const lookup = await fetchTrace(traceId);
      if (cancelled) return;
      const spans = lookup.kind === 'found' ? lookup.spans : [];
      const problem = lookup.kind === 'unavailable' ? lookup.message : undefined;
      const now = Date.now();
      const seenSinceMs = countSeenSince(spans.length, now);
      const expected = servicesKey ? servicesKey.split(',') : [];
      if (lookup.kind === 'found' && isSettledTrace(spans, { expectedServices: expected, unchangedForMs: now - seenSinceMs })) {
        setState({ phase: 'complete', spans, problem: undefined, settledAtMs: seenSinceMs });
        return;
      }
      if (Date.now() >= giveUpAt) {
        setState({ phase: spans.length > 0 ? 'incomplete' : 'not_found', spans, problem, settledAtMs: undefined });
        return;
      }
      setState({ phase: 'waiting', spans, problem, settledAtMs: undefined });
      setTimeout(() => void poll(), POLL_INTERVAL_MS);
    };
    void poll();
    return () => {
      cancelled = true;
    };
  }, [traceId, servicesKey]);

  const { phase, spans, problem, settledAtMs } = state;
  const waterfall = buildWaterfall(spans);
  const health = traceHealth(spans);
  const untracedCallees = callsWithoutCalleeSpans(spans).length;
  const selected = spans.find((span) => span.spanId === selectedSpanId);
  const root = spans.find((span) => span.parentSpanId === undefined);

  return (
    <section className="panel trace-view" aria-labelledby={`trace-view-${traceId}`}>
      <h2 id={`trace-view-${traceId}`}>Trace {traceId}</h2>
      <p className="trace-status" role="status" data-testid="trace-status" data-phase={phase}>
        {statusLine(phase, spans.length, problem)}
        {phase === 'complete' && health.continuesRemoteCaller && ' The caller that started this trace does not export its spans here, so its span is the one missing parent.'}
      </p>
      {spans.length > 0 && (
        <>
          <p className={health.whole ? 'trace-health' : 'trace-health broken'} data-testid="trace-health">
            {describeTraceHealth(health)} · {health.spanCount} spans
            {health.errorCount > 0 && ` · ${health.errorCount} with errors`}
            {phase !== 'waiting' && untracedCallees > 0 && ` · ${untracedCallees} outgoing ${untracedCallees === 1 ? 'call has' : 'calls have'} no traced callee`}
            {settledAtMs !== undefined && root && ` · complete in Jaeger ${formatDuration((settledAtMs * 1000 - root.startMicros))} after it started`}
          </p>
          <ul className="service-legend" aria-label="Services">
            {health.services.map((service) => (
              <li key={service}>
                <span className="swatch" style={{ background: serviceColour(service) }} aria-hidden="true" /> {service}
              </li>
            ))}
          </ul>
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
                        onClick={() => setSelectedSpanId(span.spanId === selectedSpanId ? undefined : span.spanId)}
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
          <SpanDetails span={selected} />
        </>
      )}
    </section>
  );
}

function statusLine(phase: Phase, spanCount: number, problem: string | undefined): string {
  if (problem) return `${problem} Retrying…`;
  switch (phase) {
    case 'waiting':
      return spanCount === 0 ? 'Waiting for the trace to arrive in Jaeger…' : `Receiving spans (${spanCount} so far)…`;
    case 'complete':
      return 'Complete: every span has arrived.';
    case 'incomplete':
      return 'Still incomplete after 30 seconds: some spans never arrived, or a hop lost the trace context.';
    case 'not_found':
      return 'Jaeger has no trace with this ID. It may not have been sampled, or it has expired.';
  }
}

function SpanDetails({ span }: { span: TraceSpan | undefined }) {
  return (
    <section className="span-details" aria-live="polite" aria-label="Selected span">
      {span ? (
        <>
          <h3>
            {span.service}: {span.name}
          </h3>
          <dl>
            <dt>Span ID</dt>
            <dd><code>{span.spanId}</code></dd>
            <dt>Parent</dt>
            <dd><code>{span.parentSpanId ?? '(root)'}</code></dd>
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
          {span.events.length > 0 && (
            <>
              <h4>Events</h4>
              <ul>
                {span.events.map((event, index) => (
                  <li key={index}>
                    {event.name}: {String(event.attributes['exception.message'] ?? '')}
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
      <dd><code>{typeof value === 'string' ? value : JSON.stringify(value)}</code></dd>
    </>
  );
}
