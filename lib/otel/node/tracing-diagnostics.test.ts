import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { ExportResultCode } from '@opentelemetry/core';
import { diag } from '@opentelemetry/api';
import { BasicTracerProvider, BatchSpanProcessor, type ReadableSpan, type SpanExporter } from '@opentelemetry/sdk-trace-base';
import { DropReportingExporter } from './span-export';
import { createTracingReporter, installTracingDiagnostics, queueOverflowCount } from './tracing-diagnostics';

const spans = (count: number) => Array.from({ length: count }, () => ({}) as ReadableSpan);

function exporterAnswering(code: ExportResultCode): SpanExporter {
  return {
    export: (_batch, done) =>
      done({ code, error: code === ExportResultCode.FAILED ? new Error('connect ECONNREFUSED 127.0.0.1:4318') : undefined }),
    shutdown: async () => undefined,
  };
}

describe('DropReportingExporter', () => {
  it('counts and reports the spans of every failed export, and nothing for a successful one', () => {
    const lines: string[] = [];
    const reporter = createTracingReporter('user-api', (line) => lines.push(line));
    new DropReportingExporter(exporterAnswering(ExportResultCode.SUCCESS), reporter).export(spans(3), () => undefined);
    assert.equal(reporter.droppedSpans(), 0);

    const failing = new DropReportingExporter(exporterAnswering(ExportResultCode.FAILED), reporter);
    let result: ExportResultCode | undefined;
    failing.export(spans(5), (answer) => (result = answer.code));
    failing.export(spans(2), () => undefined);
    assert.equal(result, ExportResultCode.FAILED, 'the processor still learns the export failed');
    assert.equal(reporter.droppedSpans(), 7);
    // One line per interval; the running total keeps the count honest even when lines are held back.
    assert.deepEqual(lines, [
      '[tracing] user-api: 5 spans could not be exported and are dropped (5 dropped since start): connect ECONNREFUSED 127.0.0.1:4318',
    ]);
  });
});

describe('queue overflows', () => {
  it('reads the count from the batch processor’s message, and nothing from other messages', () => {
    assert.equal(queueOverflowCount('Dropped 17 spans because maxQueueSize reached'), 17);
    assert.equal(queueOverflowCount('Dropped connection'), undefined);
  });

  it('counts the spans a full batch processor queue drops as dropped', async () => {
    const reporter = createTracingReporter('user-api', () => undefined);
    installTracingDiagnostics(reporter, undefined);
    // An exporter that answers only when told: meanwhile the queue of 2 fills and spans are dropped.
    const waiting: Array<() => void> = [];
    const slow: SpanExporter = {
      export: (_spans, done) => void waiting.push(() => done({ code: ExportResultCode.SUCCESS })),
      shutdown: async () => undefined,
    };
    const provider = new BasicTracerProvider({
      spanProcessors: [new BatchSpanProcessor(slow, { maxQueueSize: 2, maxExportBatchSize: 2, scheduledDelayMillis: 60_000 })],
    });
    const tracer = provider.getTracer('test');
    const endSpans = (count: number) => {
      for (let index = 0; index < count; index += 1) tracer.startSpan('work').end();
    };
    try {
      // 2 go out in the first export, 2 wait in the queue, 3 find it full.
      endSpans(7);
      assert.equal(reporter.droppedSpans(), 0, 'the processor reports drops only once a span fits again');
      waiting.shift()!();
      await new Promise((resolve) => setImmediate(resolve));
      endSpans(1);
      assert.equal(reporter.droppedSpans(), 3);
    } finally {
      // Answer every export still waiting, or its timeout timer keeps the test process alive for 30 s.
      const answerAll = () => {
        while (waiting.length > 0) waiting.shift()!();
      };
      const shutdown = provider.shutdown();
      for (let tick = 0; tick < 5; tick += 1) {
        answerAll();
        await new Promise((resolve) => setImmediate(resolve));
      }
      await shutdown;
      diag.disable();
    }
  });
});
