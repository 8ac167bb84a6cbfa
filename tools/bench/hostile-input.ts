/**
 * What one visitor's hostile request costs everyone else (issue 18, "nothing one visitor does can
 * hurt another"). Each request is built to be the worst case for the code that reads it, at the size
 * limit of its input, and sent to a stack of its own while GET /api/health is asked in a loop: a row
 * is the hostile request's time and the slowest health answer while it was in flight. A plain batch of
 * the same size comes first, so that the hostile rows can be read against what any such batch costs.
 */
import http from 'node:http';
import { randomBytes } from 'node:crypto';
import { SERVICE_NAMES } from '@threadline/stack-layout';
import { IsolatedStack } from '../../scripts/lib/isolated-stack';
import { ShopVisit } from '../../scripts/lib/shop-visit';
import { fmt, type BenchSizes } from './harness';
import { median } from './stats';

/** Beside the bench's other stacks (550–750) and the e2e suite's (100–500, 900). */
const STACK_OFFSET = 800;
/** SPAN_RELAY_MAX_BYTES, SPAN_RELAY_MAX_ATTRIBUTE_VALUE_LENGTH and _MAX_ATTRIBUTES_PER_SPAN at their defaults. */
const RELAY_MAX_BYTES = 1024 * 1024;
const MAX_VALUE_LENGTH = 4096;
const MAX_ATTRIBUTES_PER_SPAN = 128;
/** Node's limit on a request's head (--max-http-header-size), which Next.js's server keeps. */
const NODE_MAX_HEADER_BYTES = 16 * 1024;
/** A health check that takes longer than this while another visitor's request runs has been hurt by it. */
const HEALTH_TARGET_MS = 100;
/** The old redaction took minutes over a 1 MiB value: a row says so rather than hanging the bench. */
const HOSTILE_TIMEOUT_MS = 120_000;

export interface HostileRow {
  request: string;
  hostileMs: string;
  healthMs: string;
  met: boolean;
}

export interface HostileInputResult {
  rows: HostileRow[];
  /** From starting the stack to stopping it. */
  seconds: number;
}

interface HostileRequest {
  label: string;
  method: 'GET' | 'POST';
  path: string;
  headers: Record<string, string>;
  body?: string;
}

export async function measureHostileInput(sizes: Pick<BenchSizes, 'hostileRepeats'>): Promise<HostileInputResult> {
  const started = Date.now();
  console.log(`Hostile input: ${sizes.hostileRepeats} of each request, GET /api/health alongside`);
  const stack = new IsolatedStack('bench-hostile', STACK_OFFSET, {}, undefined, true);
  const rows: HostileRow[] = [];
  try {
    await stack.startAll();
    // The relay takes spans only from a visit, for its own traces: the batches are one visit's.
    const visit = await relayVisitOf(stack);
    // The one huge value last: were its cost to grow with its square again, the server would stay busy
    // long after the timeout, and every row after it would measure that instead of its own request.
    const requests = [
      relayWithValuesAtTheLimit('plain', visit),
      relayWithValuesAtTheLimit('hostile', visit),
      pageWithLongestUserAgent(stack.settings.webPort),
      relayWithOneHugeValue(visit),
    ];
    await warmUp(stack, visit);
    for (const request of requests) {
      // Once unmeasured: the figures are what a visitor who keeps sending it costs, not the first JIT.
      await send(stack, request, HOSTILE_TIMEOUT_MS);
      const hostileMs: number[] = [];
      let slowestHealthMs = 0;
      for (let repeat = 0; repeat < sizes.hostileRepeats; repeat += 1) {
        const sample = await sendWithHealthAlongside(stack, request);
        hostileMs.push(sample.hostileMs);
        slowestHealthMs = Math.max(slowestHealthMs, sample.slowestHealthMs);
      }
      const timedOut = hostileMs.some((ms) => ms >= HOSTILE_TIMEOUT_MS);
      rows.push({
        request: request.label,
        hostileMs: timedOut ? shownMs(HOSTILE_TIMEOUT_MS) : `${fmt(median(hostileMs))} (median of ${hostileMs.length})`,
        healthMs: shownMs(slowestHealthMs),
        met: !timedOut && slowestHealthMs <= HEALTH_TARGET_MS,
      });
      console.log(`  ${request.label}: ${rows.at(-1)!.hostileMs} ms; health at worst ${rows.at(-1)!.healthMs} ms`);
    }
  } finally {
    await stack.stopAll();
  }
  return { rows, seconds: (Date.now() - started) / 1000 };
}

/** A time in ms, or that it was still running when the bench gave up on it. */
function shownMs(ms: number): string {
  return ms >= HOSTILE_TIMEOUT_MS ? `> ${HOSTILE_TIMEOUT_MS}` : fmt(ms);
}

/** The section of docs/benchmarks.md these figures make, headed so that a later run can replace it alone. */
export function hostileInputSection(result: HostileInputResult, command: string, date: string): string {
  const header = ['Hostile request', 'Its time (ms)', 'Slowest GET /api/health meanwhile (ms)', 'Target', 'Met'];
  const lines = result.rows.map((row) => [
    row.request,
    row.hostileMs,
    row.healthMs,
    `health ≤ ${HEALTH_TARGET_MS} ms`,
    row.met ? 'yes' : 'NO',
  ]);
  const table = [header, header.map(() => '---'), ...lines].map((cells) => `| ${cells.join(' | ')} |`).join('\n');
  return `## Hostile input: what one visitor's request costs the others

Measured ${date} with \`${command}\` (${fmt(result.seconds, 0)} s), on a stack of its own with tracing on
([tools/bench/hostile-input.ts](../tools/bench/hostile-input.ts)). Each request is the worst case for the code that
reads it, at its input's size limit, and is sent once unmeasured first; \`GET /api/health\` is asked in a loop while
it is in flight, and the slowest answer is what the other visitors waited.

${table}
`;
}

/** What a page's exporter sends with: its visit's cookie, and a trace of the visit's. */
interface RelayVisit {
  cookie: string;
  traceId: string;
}

async function relayVisitOf(stack: IsolatedStack): Promise<RelayVisit> {
  const { cookie, traceId } = await (await ShopVisit.start(new URL(stack.shopUrl))).nextRequest();
  return { cookie, traceId };
}

async function warmUp(stack: IsolatedStack, visit: RelayVisit): Promise<void> {
  await send(stack, { label: 'warm-up', method: 'GET', path: '/', headers: {} });
  await send(stack, relayBatch('warm-up', [span([{ key: 'note', value: { stringValue: 'warm' } }], visit)], visit));
  await send(stack, { label: 'warm-up', method: 'GET', path: '/api/health', headers: {} });
}

/** Sends the hostile request, and health checks one after another until it has been answered. */
async function sendWithHealthAlongside(
  stack: IsolatedStack,
  request: HostileRequest,
): Promise<{ hostileMs: number; slowestHealthMs: number }> {
  let inFlight = true;
  const hostile = send(stack, request, HOSTILE_TIMEOUT_MS).finally(() => (inFlight = false));
  let slowestHealthMs = 0;
  do {
    const started = performance.now();
    await send(stack, { label: 'health', method: 'GET', path: '/api/health', headers: {} }, HOSTILE_TIMEOUT_MS);
    slowestHealthMs = Math.max(slowestHealthMs, performance.now() - started);
  } while (inFlight);
  return { hostileMs: await hostile, slowestHealthMs };
}

/** The request's time in ms, through node:http so that the head is exactly what is built here. */
function send(stack: IsolatedStack, request: HostileRequest, timeoutMs = 30_000): Promise<number> {
  const started = performance.now();
  return new Promise((resolve, reject) => {
    const outgoing = http.request(
      {
        host: '127.0.0.1',
        port: stack.settings.webPort,
        method: request.method,
        path: request.path,
        headers: request.headers,
        agent: false,
        timeout: timeoutMs,
      },
      (response) => {
        response.resume();
        response.on('end', () => {
          const status = response.statusCode ?? 0;
          if (status >= 400) reject(new Error(`${request.label}: ${request.method} ${request.path} answered ${status}`));
          else resolve(performance.now() - started);
        });
      },
    );
    outgoing.on('timeout', () => {
      outgoing.destroy();
      resolve(timeoutMs);
    });
    outgoing.on('error', reject);
    outgoing.end(request.body);
  });
}

interface JsonAttribute {
  key: string;
  value: { stringValue: string };
}

/** One value of local-part characters ending in `@`: what an e-mail pattern run before the cut reads to its square. */
function relayWithOneHugeValue(visit: RelayVisit): HostileRequest {
  const overhead = relayBatch('', [span([{ key: 'note', value: { stringValue: '' } }], visit)], visit).body!.length;
  const value = `${'a'.repeat(RELAY_MAX_BYTES - overhead - 1)}@`;
  return relayBatch(
    `Relay batch of ${fmt(RELAY_MAX_BYTES / 2 ** 20, 0)} MiB: one value of local-part characters ending in “@”`,
    [span([{ key: 'note', value: { stringValue: value } }], visit)],
    visit,
  );
}

/**
 * Values at the length limit, as many as the body holds: `hostile`, each the worst case for one of
 * redaction's finders (runs of local-part characters and at signs, digit groups, `eyJ` prefixes,
 * secret names, schemes); `plain`, letters with nothing to find, for what such a batch costs anyway.
 */
function relayWithValuesAtTheLimit(kind: 'plain' | 'hostile', visit: RelayVisit): HostileRequest {
  const hostileShapes = [
    `${'a'.repeat(MAX_VALUE_LENGTH - 1)}@`,
    'a@'.repeat(MAX_VALUE_LENGTH / 2),
    'a%40'.repeat(MAX_VALUE_LENGTH / 4),
    '4111 '.repeat(MAX_VALUE_LENGTH / 5),
    'eyJ.'.repeat(MAX_VALUE_LENGTH / 4),
    'password='.repeat(MAX_VALUE_LENGTH / 9),
    'Bearer '.repeat(MAX_VALUE_LENGTH / 7),
  ];
  const shapes = (kind === 'hostile' ? hostileShapes : ['']).map((shape) => shape.padEnd(MAX_VALUE_LENGTH, 'a'));
  // Counted as they are added (a comma each), so the body is built once, not once per value.
  let bytes = relayBatch('', [], visit).body!.length;
  const spans: object[] = [];
  let count = 0;
  for (let full = false; !full;) {
    const attributes: JsonAttribute[] = [];
    bytes += JSON.stringify(span([], visit)).length + 1;
    while (attributes.length < MAX_ATTRIBUTES_PER_SPAN) {
      const attribute = { key: `v${count}`, value: { stringValue: shapes[count % shapes.length]! } };
      const size = JSON.stringify(attribute).length + 1;
      if (bytes + size > RELAY_MAX_BYTES) {
        full = true;
        break;
      }
      attributes.push(attribute);
      bytes += size;
      count += 1;
    }
    spans.push(span(attributes, visit));
  }
  const what = kind === 'hostile' ? 'each worst-case for a finder' : 'plain letters with nothing to redact';
  return relayBatch(`Relay batch of 1 MiB: ${count} values of ${MAX_VALUE_LENGTH} characters, ${what}`, spans, visit);
}

/**
 * The longest User-Agent the server takes: the rest of the head at its limit, all word characters,
 * the worst case for Next.js's bot pattern (`[\w-]+-Google` reads it to its square).
 */
function pageWithLongestUserAgent(port: number): HostileRequest {
  const otherHead = `GET / HTTP/1.1\r\nuser-agent: \r\nHost: 127.0.0.1:${port}\r\nConnection: close\r\n\r\n`.length;
  const userAgent = 'a'.repeat(NODE_MAX_HEADER_BYTES - otherHead - 64);
  return {
    label: `GET / with a ${fmt(userAgent.length / 1024)} KiB User-Agent of word characters (the head at Node’s 16 KiB limit)`,
    method: 'GET',
    path: '/',
    headers: { 'user-agent': userAgent },
  };
}

function span(attributes: JsonAttribute[], visit: RelayVisit): object {
  const nowNanos = BigInt(Date.now()) * 1_000_000n;
  return {
    traceId: visit.traceId,
    spanId: randomBytes(8).toString('hex'),
    name: 'click hostile',
    kind: 1,
    startTimeUnixNano: String(nowNanos - 1_000_000n),
    endTimeUnixNano: String(nowNanos),
    attributes,
  };
}

function relayBatch(label: string, spans: object[], visit: RelayVisit): HostileRequest {
  const body = JSON.stringify({
    resourceSpans: [
      {
        resource: { attributes: [{ key: 'service.name', value: { stringValue: SERVICE_NAMES.browser } }] },
        scopeSpans: [{ scope: { name: 'bench-hostile' }, spans }],
      },
    ],
  });
  if (body.length > RELAY_MAX_BYTES) throw new Error(`${label}: ${body.length} bytes is over the relay's limit`);
  return {
    label,
    method: 'POST',
    path: '/otlp/v1/traces',
    headers: { 'content-type': 'application/json', 'content-length': String(Buffer.byteLength(body)), cookie: visit.cookie },
    body,
  };
}
