/**
 * npm run doctor: "why is my trace missing or broken?" for a running stack. Each check prints what it
 * found and, when it fails, what to try; the exit status is 1 when any check failed.
 */
import { otlpTracesUrl } from '@threadline/otel-node';
import { describeError } from '@threadline/service-kit';
import { JaegerQueryClient, jaegerSpanReader, pollTrace, type TraceSpan } from '@threadline/traces';
import { diagnoseProbeTrace, type CheckResult } from './lib/probe-diagnosis';
import { newProbeSpan, otlpJsonForSpan, type ProbeSpan } from './lib/otlp-probe-span';
import { ShopVisit } from './lib/shop-visit';
import { DEFAULT_URLS, SERVICE_NAMES } from '@threadline/stack-layout';

const shopUrl = process.env.SHOP_URL || DEFAULT_URLS.shop;
const userApiUrl = process.env.USER_API_URL || DEFAULT_URLS.userApi;
const jaegerQueryUrl = process.env.JAEGER_QUERY_URL || DEFAULT_URLS.jaegerQuery;
const otlpTraces = otlpTracesUrl(process.env);
const WAIT_FOR_SPANS_MS = Number(process.env.DOCTOR_WAIT_MS || 15_000);

const jaeger = new JaegerQueryClient(jaegerQueryUrl);

async function answers(url: string): Promise<string | undefined> {
  try {
    const response = await fetch(url, { signal: AbortSignal.timeout(3000) });
    return response.ok ? undefined : `answered ${response.status}`;
  } catch (error) {
    return describeError(error);
  }
}

async function reachability(): Promise<CheckResult[]> {
  const checks = [
    {
      name: 'Jaeger query API answers',
      url: `${jaegerQueryUrl}/api/services`,
      fix: 'Start Jaeger (npm start or npm run jaeger), or set JAEGER_QUERY_URL.',
    },
    { name: 'shop answers', url: `${shopUrl}/api/health`, fix: 'Start the shop (npm start), or set SHOP_URL.' },
    { name: 'user API answers', url: `${userApiUrl}/healthz`, fix: 'Start the user API (npm start), or set USER_API_URL.' },
  ];
  return Promise.all(
    checks.map(async ({ name, url, fix }) => {
      const problem = await answers(url);
      return problem ? { name, ok: false, detail: `${url}: ${problem}`, fix } : { name, ok: true, detail: url };
    }),
  );
}

/** The probe's spans once `isReady` holds and they have stopped arriving, or as they stand when the wait runs out. */
async function spansOf(traceId: string, isReady: (spans: TraceSpan[]) => boolean): Promise<TraceSpan[]> {
  return (await pollTrace(jaegerSpanReader(jaeger, traceId), isReady, { timeoutMs: WAIT_FOR_SPANS_MS, intervalMs: 300 })).spans;
}

async function otlpIngest(): Promise<CheckResult> {
  const name = 'Jaeger accepts OTLP and stores it';
  const span = newProbeSpan();
  const now = Date.now();
  try {
    const response = await fetch(`${otlpTraces}`, {
      method: 'POST',
      headers: { 'content-type': 'application/json' },
      body: otlpJsonForSpan(span, 'doctor OTLP check', now - 1, now),
      signal: AbortSignal.timeout(3000),
    });
    if (!response.ok)
      return {
        name,
        ok: false,
        detail: `${otlpTraces} answered ${response.status}`,
        fix: 'Point OTEL_EXPORTER_OTLP_ENDPOINT at an OTLP/HTTP receiver.',
      };
  } catch (error) {
    return {
      name,
      ok: false,
      detail: `${otlpTraces}: ${String(error)}`,
      fix: 'Start Jaeger with its OTLP/HTTP receiver on 4318, or set OTEL_EXPORTER_OTLP_ENDPOINT.',
    };
  }
  const stored = await spansOf(span.traceId, (spans) => spans.length > 0);
  return stored.length > 0
    ? { name, ok: true, detail: `a test span sent to ${otlpTraces} was readable from the query API` }
    : {
        name,
        ok: false,
        detail: 'Jaeger accepted a test span but never returned it',
        fix: 'Check Jaeger’s storage configuration and logs.',
      };
}

async function probe(): Promise<CheckResult[]> {
  const startedMs = Date.now();
  let status: number;
  let span: ProbeSpan;
  try {
    // As a visit of the shop's, as its pages are: the shop continues only a visit's own traces.
    const visit = await ShopVisit.start(new URL(shopUrl));
    const { traceId, traceparent, cookie } = await visit.nextRequest();
    span = { traceId, spanId: traceparent.split('-')[2]! };
    const response = await fetch(`${shopUrl}/api/users`, {
      headers: { traceparent, cookie },
      signal: AbortSignal.timeout(10_000),
    });
    status = response.status;
  } catch (error) {
    return [{ name: 'probe request through the shop', ok: false, detail: String(error), fix: 'Start the shop.' }];
  }
  // The doctor's own span is the probe's root, so a healthy answer reads as one whole trace.
  await fetch(`${otlpTraces}`, {
    method: 'POST',
    headers: { 'content-type': 'application/json' },
    body: otlpJsonForSpan(span, 'doctor probe GET /api/users', startedMs, Date.now()),
  }).catch(() => undefined);

  const first: CheckResult =
    status === 200
      ? {
          name: 'probe request through the shop',
          ok: true,
          detail: `GET /api/users with traceparent ${span.traceId} answered 200`,
        }
      : {
          name: 'probe request through the shop',
          ok: false,
          detail: `GET /api/users answered ${status}`,
          fix: 'Read the web tier’s logs; the user API may be down.',
        };

  const spans = await spansOf(
    span.traceId,
    (current) =>
      current.some((s) => s.service === SERVICE_NAMES.userApi && s.attributes['db.system.name'] !== undefined) &&
      current.some((s) => s.service === 'threadline-doctor'),
  );
  const userApiElsewhere =
    (await jaeger.findTraces({ service: SERVICE_NAMES.userApi, startMicros: startedMs * 1000, limit: 5 }).catch(() => []))
      .length > 0;
  return [first, ...diagnoseProbeTrace(spans, { probeSpanId: span.spanId, userApiExportedElsewhere: userApiElsewhere })];
}

function print(result: CheckResult): void {
  console.log(`${result.ok ? '✔' : '✘'} ${result.name}: ${result.detail}`);
  if (!result.ok && result.fix) console.log(`    fix: ${result.fix}`);
}

async function main(): Promise<number> {
  console.log(`Threadline doctor: shop ${shopUrl}, user API ${userApiUrl}, Jaeger ${jaegerQueryUrl}, OTLP ${otlpTraces}\n`);
  const results: CheckResult[] = [];
  const report = (batch: CheckResult[]) => {
    batch.forEach(print);
    results.push(...batch);
  };
  report(await reachability());
  if (results.every((result) => result.ok)) {
    report([await otlpIngest()]);
    report(await probe());
  } else {
    console.log('\nSkipping the trace checks until every part answers.');
  }
  const failed = results.filter((result) => !result.ok).length;
  console.log(`\n${failed === 0 ? 'Healthy' : 'Unhealthy'}: ${results.length - failed} passed, ${failed} failed`);
  return failed === 0 ? 0 : 1;
}

main().then(
  (code) => process.exit(code),
  (error: unknown) => {
    console.error(error);
    process.exit(1);
  },
);
