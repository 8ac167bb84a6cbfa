import assert from 'node:assert/strict';
import { Writable } from 'node:stream';
import { after, afterEach, before, describe, it } from 'node:test';
import { context, SpanStatusCode, type Attributes, type Histogram } from '@opentelemetry/api';
import { AsyncLocalStorageContextManager } from '@opentelemetry/context-async-hooks';
import { BasicTracerProvider, InMemorySpanExporter, SimpleSpanProcessor } from '@opentelemetry/sdk-trace-base';
import pino from 'pino';
import { ApiError, markDraining } from '@threadline/service-kit';
import { JSON_ANSWERS, jsonRoute, RESPONSE_ANSWERS, type RouteInfo } from './json-route';

const exporter = new InMemorySpanExporter();
const tracer = new BasicTracerProvider({ spanProcessors: [new SimpleSpanProcessor(exporter)] }).getTracer('json-route.test');

/** A logger whose lines are kept, parsed, for the assertions. */
function recordingLogger() {
  const lines: Array<Record<string, unknown>> = [];
  const sink = new Writable({
    write(chunk: Buffer, _encoding, done) {
      lines.push(JSON.parse(chunk.toString()) as Record<string, unknown>);
      done();
    },
  });
  return { logger: pino(sink), lines };
}

/** Runs `work` through jsonRoute inside a span of its own, as a server span would be; returns the answer and the span. */
async function answer(work: () => Promise<Response>, info: Partial<RouteInfo> = {}) {
  const { logger, lines } = recordingLogger();
  const response = await tracer.startActiveSpan('GET /things', async (span) => {
    try {
      return await jsonRoute({ method: 'GET', route: '/things', logger, activeSpan: 'server', ...info }, RESPONSE_ANSWERS, work);
    } finally {
      span.end();
    }
  });
  const [span] = exporter.getFinishedSpans();
  assert.ok(span);
  return { response, body: (await response.json()) as unknown, span, lines };
}

describe('jsonRoute', () => {
  before(() => context.setGlobalContextManager(new AsyncLocalStorageContextManager().enable()));
  after(() => context.disable());
  afterEach(() => exporter.reset());

  it('passes the work’s answer on, with the traceresponse of the active span and one log line', async () => {
    const { response, body, span, lines } = await answer(async () => Response.json({ ok: true }, { status: 201 }));
    assert.equal(response.status, 201);
    assert.deepEqual(body, { ok: true });
    const { traceId, spanId } = span.spanContext();
    assert.equal(response.headers.get('traceresponse'), `00-${traceId}-${spanId}-01`);
    assert.deepEqual(
      lines.map(({ msg, method, route, status }) => ({ msg, method, route, status })),
      [{ msg: 'request', method: 'GET', route: '/things', status: 201 }],
    );
    assert.equal(span.status.code, SpanStatusCode.UNSET);
  });

  it('answers a 4xx ApiError in the one error shape with its headers; the span keeps its status, error.type says why', async () => {
    const { response, body, span, lines } = await answer(async () => {
      throw new ApiError(429, 'rate_limited', 'Slow down.', { retryAfterSeconds: 3 });
    });
    assert.equal(response.status, 429);
    assert.equal(response.headers.get('retry-after'), '3');
    assert.deepEqual(body, { error: { code: 'rate_limited', message: 'Slow down.' } });
    assert.equal(span.status.code, SpanStatusCode.UNSET, 'a 4xx is the caller’s mistake');
    assert.equal(span.attributes['error.type'], 'rate_limited');
    assert.equal(span.events.length, 0);
    assert.deepEqual(
      lines.map(({ level, msg }) => ({ level, msg })),
      [
        { level: 40, msg: 'Slow down.' },
        { level: 30, msg: 'request' },
      ],
    );
  });

  it('marks a handler’s own span failed on a 4xx too, so bad input shows as a failure in its trace', async () => {
    const { response, span } = await answer(
      async () => {
        throw new ApiError(400, 'invalid_json', 'The body is not valid JSON.');
      },
      { activeSpan: 'handler' },
    );
    assert.equal(response.status, 400);
    assert.equal(span.status.code, SpanStatusCode.ERROR);
    assert.equal(span.attributes['error.type'], 'invalid_json');
    assert.equal(span.events[0]?.name, 'exception');
  });

  it('marks the span failed on a 5xx ApiError, and logs it with its cause', async () => {
    const { response, span, lines } = await answer(async () => {
      throw new ApiError(503, 'database_unavailable', 'Try again.', { cause: new Error('ECONNREFUSED') });
    });
    assert.equal(response.status, 503);
    assert.equal(span.status.code, SpanStatusCode.ERROR);
    assert.equal(span.attributes['error.type'], 'database_unavailable');
    assert.equal(lines[0]?.level, 50);
    assert.match(String(lines[0]?.cause), /ECONNREFUSED/);
  });

  it('answers anything else 500 internal_error in the service’s words, keeping the details out of the answer', async () => {
    const { response, body, span, lines } = await answer(
      async () => {
        throw new TypeError('secret internals');
      },
      { internalErrorMessage: 'The user service failed to answer.' },
    );
    assert.equal(response.status, 500);
    assert.deepEqual(body, { error: { code: 'internal_error', message: 'The user service failed to answer.' } });
    assert.equal(span.status.code, SpanStatusCode.ERROR);
    assert.equal(span.events[0]?.name, 'exception');
    assert.equal(lines[0]?.msg, 'unhandled error in route handler');
  });

  it('records the request duration only when the service asks it to, and logs nothing for an unlogged route', async () => {
    const recorded: Array<Attributes | undefined> = [];
    const histogram = { record: (_seconds: number, attributes?: Attributes) => recorded.push(attributes) } as Histogram;
    const { lines } = await answer(async () => Response.json({}), { requestDuration: () => histogram, unlogged: true });
    assert.deepEqual(recorded, [{ 'http.request.method': 'GET', 'http.route': '/things', 'http.response.status_code': 200 }]);
    assert.deepEqual(lines, []);
  });

  it('answers the same with plain records, as the user API holds its answers', async () => {
    const { logger, lines } = recordingLogger();
    const answer = await tracer.startActiveSpan('GET /things', async (span) => {
      try {
        return await jsonRoute({ method: 'GET', route: '/things', logger, activeSpan: 'server' }, JSON_ANSWERS, async () => {
          throw new ApiError(404, 'thing_not_found', 'No such thing.');
        });
      } finally {
        span.end();
      }
    });
    const [span] = exporter.getFinishedSpans();
    assert.deepEqual(answer.body, { error: { code: 'thing_not_found', message: 'No such thing.' } });
    assert.equal(answer.status, 404);
    assert.equal(answer.headers.traceresponse, `00-${span!.spanContext().traceId}-${span!.spanContext().spanId}-01`);
    assert.equal(span!.status.code, SpanStatusCode.UNSET);
    assert.deepEqual(
      lines.map(({ msg }) => msg),
      ['No such thing.', 'request'],
    );
  });

  // Last: draining cannot be undone in this process.
  it('tells a kept-alive client to close once the process drains', async () => {
    markDraining();
    const { response } = await answer(async () => Response.json({}));
    assert.equal(response.headers.get('connection'), 'close');
  });
});
