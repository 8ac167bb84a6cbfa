import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { ExportResultCode } from '@opentelemetry/core';
import type { ReadableSpan, SpanExporter } from '@opentelemetry/sdk-trace-base';
import { DropReportingExporter } from './span-export';
import { createTracingReporter } from './tracing-diagnostics';

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
