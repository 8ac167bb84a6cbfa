import { analyseTrace, isWholeTrace, type TraceSpan } from '@threadline/traces';
import { SERVICE_NAMES } from '@threadline/stack-layout';

export interface CheckResult {
  name: string;
  ok: boolean;
  /** What was found. */
  detail: string;
  /** What to try when it failed. */
  fix?: string;
}

export interface ProbeFacts {
  /** The probe's own span: the parent the web tier must continue from. */
  probeSpanId: string;
  /** Whether user-api exported any span at all since the probe started (in any trace). */
  userApiExportedElsewhere: boolean;
}

/**
 * Reads the probe's trace hop by hop, and names the first hop that lost it: the web tier, the call
 * from the web tier to the user API, or the user API itself.
 */
export function diagnoseProbeTrace(spans: readonly TraceSpan[], facts: ProbeFacts): CheckResult[] {
  const results: CheckResult[] = [];
  const webServer = spans.find((span) => span.service === SERVICE_NAMES.web && span.kind === 'server');
  if (!webServer) {
    results.push({
      name: 'shop-web continues the caller’s trace',
      ok: false,
      detail: 'no shop-web server span in the probe’s trace',
      fix: 'Check the web tier exports spans (OTEL_EXPORTER_OTLP_ENDPOINT, OTEL_SDK_DISABLED not "true") and accepts traceparent (OTEL_PROPAGATORS includes tracecontext).',
    });
    return results;
  }
  results.push(
    childOfCheck('shop-web continues the caller’s trace', webServer, {
      parentSpanId: facts.probeSpanId,
      parentLabel: 'the probe span',
      mismatch: ', not the probe span',
      fix: 'Something in the web tier started a new trace: make sure only @vercel/otel sets up tracing in the Next.js process.',
    }),
  );

  const webClient = spans.find(
    (span) => span.service === SERVICE_NAMES.web && span.kind === 'client' && span.name.includes('/users'),
  );
  const userApiServer = spans.find((span) => span.service === SERVICE_NAMES.userApi && span.kind === 'server');
  if (!webClient) {
    results.push({
      name: 'shop-web calls the user API inside the trace',
      ok: false,
      detail: 'no shop-web client span for the user API call',
      fix: 'The web tier answered without calling the user API, or its client span was not recorded; check USER_API_URL and the web tier’s logs.',
    });
    return results;
  }
  results.push({ name: 'shop-web calls the user API inside the trace', ok: true, detail: `"${webClient.name}" recorded` });

  if (!userApiServer) {
    results.push(
      facts.userApiExportedElsewhere
        ? {
            name: 'user-api continues the trace from shop-web',
            ok: false,
            detail: 'broken hop shop-web → user-api: user-api exported spans, but in a trace of its own',
            fix: 'The call reached the user API without traceparent: check the web tier injects context for USER_API_URL and that the user API uses the tracecontext propagator.',
          }
        : {
            name: 'user-api exports spans',
            ok: false,
            detail:
              'broken hop shop-web → user-api: user-api exported no spans at all for the probe, so it runs without tracing or cannot reach the collector',
            fix: 'Start the user API with tracing on (OTEL_SDK_DISABLED unset or "false") and OTEL_EXPORTER_OTLP_ENDPOINT pointing at the collector.',
          },
    );
    return results;
  }
  results.push(
    childOfCheck('user-api continues the trace from shop-web', userApiServer, {
      parentSpanId: webClient.spanId,
      parentLabel: `"${webClient.name}"`,
      mismatch: '',
      fix: 'Another span sits between the web tier’s call and the user API; check for a proxy that rewrites traceparent.',
    }),
  );

  const query = spans.find((span) => span.service === SERVICE_NAMES.userApi && span.attributes['db.system.name'] !== undefined);
  results.push({
    name: 'user-api records its database query',
    ok: query !== undefined,
    detail: query ? `"${query.name}" recorded` : 'no database span under the user API',
    fix: query ? undefined : 'The user API answered without a traced query; check its logs.',
  });

  const shape = analyseTrace(spans);
  // Strictly whole: the probe exports its own root span, so no missing parent is expected here.
  const whole = isWholeTrace(shape);
  results.push({
    name: 'the trace is whole',
    ok: whole,
    detail: `${shape.roots.length} root(s), ${shape.orphans.length} span(s) with a missing parent${shape.orphans.length ? `: ${shape.orphans.map((span) => `${span.service}: ${span.name}`).join(', ')}` : ''}`,
    fix: whole
      ? undefined
      : 'Spans were dropped or exported to another collector; check each service’s OTEL_EXPORTER_OTLP_ENDPOINT.',
  });
  return results;
}

/** Whether `child` hangs directly under the span it should: each hop of the probe's trace is one such check. */
function childOfCheck(
  name: string,
  child: TraceSpan,
  expected: { parentSpanId: string; parentLabel: string; mismatch: string; fix: string },
): CheckResult {
  const ok = child.parentSpanId === expected.parentSpanId;
  return {
    name,
    ok,
    detail: ok
      ? `"${child.name}" is a child of ${expected.parentLabel}`
      : `"${child.name}" has parent ${child.parentSpanId ?? '(none)'}${expected.mismatch}`,
    fix: ok ? undefined : expected.fix,
  };
}
