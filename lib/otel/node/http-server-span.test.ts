import assert from 'node:assert/strict';
import http from 'node:http';
import type { AddressInfo } from 'node:net';
import { after, before, describe, it } from 'node:test';
import { context, propagation, SpanKind, SpanStatusCode, trace, type Attributes, type Histogram } from '@opentelemetry/api';
import { AsyncLocalStorageContextManager } from '@opentelemetry/context-async-hooks';
import { getRPCMetadata, RPCType, W3CTraceContextPropagator } from '@opentelemetry/core';
import {
  AlwaysOffSampler,
  BasicTracerProvider,
  InMemorySpanExporter,
  SimpleSpanProcessor,
  type ReadableSpan,
  type Sampler,
} from '@opentelemetry/sdk-trace-base';
import { answerAttributes, conventionalMethod, traceHttpServer } from './http-server-span';

const CALLER_TRACE_ID = '0af7651916cd43dd8448eb211c80319c';
const CALLER_SPAN_ID = 'b7ad6b7169203331';

describe('traceHttpServer', () => {
  const durations: Array<{ seconds: number; attributes: Attributes | undefined }> = [];
  const histogram = {
    record: (seconds: number, attributes?: Attributes) => durations.push({ seconds, attributes }),
  } as Histogram;
  const contextManager = new AsyncLocalStorageContextManager();

  before(() => {
    context.setGlobalContextManager(contextManager.enable());
    propagation.setGlobalPropagator(new W3CTraceContextPropagator());
  });
  after(() => {
    context.disable();
    propagation.disable();
  });

  /**
   * A server whose handler names its route after an await, as the user API does, and answers
   * `status`; returns the spans that ended once the server has closed (and so every answer is done).
   */
  async function serve(
    sampler: Sampler | undefined,
    status: number,
    run: (url: string) => Promise<void>,
  ): Promise<ReadableSpan[]> {
    // A fresh exporter each time: shutting a provider down stops its exporter for good.
    const exporter = new InMemorySpanExporter();
    durations.length = 0;
    const provider = new BasicTracerProvider({
      spanProcessors: [new SimpleSpanProcessor(exporter)],
      ...(sampler ? { sampler } : {}),
    });
    const server = http.createServer(
      traceHttpServer(
        (request, response) => {
          void (async () => {
            await new Promise((resolve) => setImmediate(resolve));
            const metadata = getRPCMetadata(context.active());
            if (metadata?.type === RPCType.HTTP) metadata.route = '/users/:id';
            response.setHeader('x-active-trace', trace.getActiveSpan()?.spanContext().traceId ?? 'none');
            response.writeHead(status).end('{}');
          })();
        },
        {
          tracer: provider.getTracer('test'),
          requestDuration: () => histogram,
          isUntraced: (request) => request.url === '/healthz',
        },
      ),
    );
    await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
    try {
      await run(`http://127.0.0.1:${(server.address() as AddressInfo).port}`);
      // The client can have the answer a moment before the server sees its response finish.
      for (let waited = 0; durations.length === 0 && waited < 1000; waited += 10)
        await new Promise((resolve) => setTimeout(resolve, 10));
    } finally {
      await new Promise((resolve) => server.close(resolve));
    }
    // Shutting the provider down would empty the in-memory exporter: read it first.
    const spans = exporter.getFinishedSpans();
    await provider.shutdown();
    return spans;
  }

  it('continues the caller’s trace in a server span named by its route, with the HTTP attributes', async () => {
    const [span] = await serve(undefined, 200, async (url) => {
      const response = await fetch(`${url}/users/7?fields=name`, {
        headers: { traceparent: `00-${CALLER_TRACE_ID}-${CALLER_SPAN_ID}-01`, 'user-agent': 'probe/1' },
      });
      assert.equal(response.headers.get('x-active-trace'), CALLER_TRACE_ID);
    });
    assert.ok(span);
    assert.equal(span.name, 'GET /users/:id');
    assert.equal(span.kind, SpanKind.SERVER);
    assert.equal(span.spanContext().traceId, CALLER_TRACE_ID);
    assert.equal(span.parentSpanContext?.spanId, CALLER_SPAN_ID);
    assert.equal(span.status.code, SpanStatusCode.UNSET);
    assert.deepEqual(
      {
        method: span.attributes['http.request.method'],
        path: span.attributes['url.path'],
        query: span.attributes['url.query'],
        route: span.attributes['http.route'],
        status: span.attributes['http.response.status_code'],
        agent: span.attributes['user_agent.original'],
        server: span.attributes['server.address'],
      },
      {
        method: 'GET',
        path: '/users/7',
        query: 'fields=name',
        route: '/users/:id',
        status: 200,
        agent: 'probe/1',
        server: '127.0.0.1',
      },
    );
    assert.equal(durations.length, 1);
    assert.deepEqual(durations[0]!.attributes, {
      'http.request.method': 'GET',
      'url.scheme': 'http',
      'http.response.status_code': 200,
      'http.route': '/users/:id',
    });
  });

  it('marks a 5xx answer as an error, on the span and in the metric', async () => {
    const [span] = await serve(undefined, 503, async (url) => void (await (await fetch(`${url}/users/1`)).text()));
    assert.equal(span?.status.code, SpanStatusCode.ERROR);
    assert.equal(span?.attributes['error.type'], '503');
    assert.equal(durations[0]!.attributes!['error.type'], '503');
  });

  it('records nothing but the metric when nothing is sampled, and still passes the context on', async () => {
    const spans = await serve(new AlwaysOffSampler(), 200, async (url) => {
      const response = await fetch(`${url}/users/1`, { headers: { traceparent: `00-${CALLER_TRACE_ID}-${CALLER_SPAN_ID}-01` } });
      assert.equal(response.headers.get('x-active-trace'), CALLER_TRACE_ID);
    });
    assert.equal(spans.length, 0);
    assert.equal(durations.length, 1);
  });

  it('leaves untraced requests alone: no span, no metric', async () => {
    const spans = await serve(undefined, 200, async (url) => void (await (await fetch(`${url}/healthz`)).text()));
    assert.equal(spans.length, 0);
    assert.equal(durations.length, 0);
  });
});

describe('HTTP server conventions', () => {
  it('reports methods outside the conventions as _OTHER', () => {
    assert.equal(conventionalMethod('get'), 'GET');
    assert.equal(conventionalMethod('PROPFIND'), '_OTHER');
    assert.equal(conventionalMethod(undefined), 'GET');
  });

  it('calls an answer cut off before it was sent a failure', () => {
    const cut = answerAttributes('GET', undefined, { statusCode: 200, writableEnded: false });
    assert.equal(cut.span['error.type'], 'aborted');
    assert.match(cut.failed ?? '', /closed before the answer was sent/);
    assert.equal(answerAttributes('GET', undefined, { statusCode: 404, writableEnded: true }).failed, undefined);
  });
});
