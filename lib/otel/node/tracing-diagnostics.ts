import { DiagLogLevel, diag, type DiagLogger } from '@opentelemetry/api';
import { setGlobalErrorHandler } from '@opentelemetry/core';
import { describeError } from '@threadline/service-kit';

/** A collector down for an hour must not flood the log. */
const REPORT_INTERVAL_MS = 10_000;

/** Short, rate-limited log lines about the tracing SDK's own trouble: "[tracing] user-api: …". */
export interface TracingReporter {
  /** Spans that will never reach the collector; the running total goes into every line. */
  reportDroppedSpans(count: number, reason: unknown): void;
  reportExportedSpans(count: number): void;
  reportEndedSpan(): void;
  reportProblem(message: string): void;
  droppedSpans(): number;
  exportedSpans(): number;
  /** Sampled spans that ended and were handed to the exporter's queue. */
  endedSpans(): number;
}

export function createTracingReporter(serviceName: string, write: (line: string) => void = console.warn): TracingReporter {
  let dropped = 0;
  let exported = 0;
  let ended = 0;
  const line = rateLimited((message: string) => write(`[tracing] ${serviceName}: ${message}`));
  return {
    reportDroppedSpans(count, reason) {
      dropped += count;
      line(`${count} spans could not be exported and are dropped (${dropped} dropped since start): ${describeError(reason)}`);
    },
    reportExportedSpans(count) {
      exported += count;
    },
    reportEndedSpan() {
      ended += 1;
    },
    reportProblem: line,
    droppedSpans: () => dropped,
    exportedSpans: () => exported,
    endedSpans: () => ended,
  };
}

/**
 * Routes the SDK's diagnostics to the reporter: queue overflows ("Dropped N spans because
 * maxQueueSize reached") and other warnings. Export failures are reported, with counts, by the
 * exporter wrapper, so the global error handler skips them. OTEL_LOG_LEVEL, when set, still wins.
 */
export function installTracingDiagnostics(reporter: TracingReporter, sdkLogLevel: string | undefined): void {
  setGlobalErrorHandler((error) => {
    if (isExportError(error)) return;
    reporter.reportProblem(describeError(error));
  });
  if (sdkLogLevel) return;
  const logger: DiagLogger = {
    error: (message) => reporter.reportProblem(message),
    warn: (message) => {
      // The batch processor says so only in words; counted, its drops show in the dropped total.
      const overflow = queueOverflowCount(message);
      if (overflow === undefined) reporter.reportProblem(message);
      else
        reporter.reportDroppedSpans(
          overflow,
          'the export queue was full (the collector is away, or slower than the spans arrive)',
        );
    },
    info: () => undefined,
    debug: () => undefined,
    verbose: () => undefined,
  };
  diag.setLogger(logger, { logLevel: DiagLogLevel.WARN, suppressOverrideMessage: true });
}

/** How many spans the batch processor's "Dropped N spans because maxQueueSize reached" reports; undefined for other messages. */
export function queueOverflowCount(message: string): number | undefined {
  const match = /^Dropped (\d+) spans because maxQueueSize reached/.exec(message);
  return match ? Number(match[1]) : undefined;
}

function isExportError(error: unknown): boolean {
  return typeof error === 'object' && error !== null && (error as { name?: unknown }).name === 'OTLPExporterError';
}

/**
 * At most one line per kind of message per interval; "kind" ignores the numbers in it, so "Dropped 5
 * spans" and "Dropped 7 spans" share a window while a different problem still gets its own line.
 */
function rateLimited(write: (message: string) => void): (message: string) => void {
  const windows = new Map<string, { lastWrite: number; suppressed: number }>();
  return (message) => {
    const kind = message.replace(/\d+/g, '#');
    const now = Date.now();
    const window = windows.get(kind);
    if (window && now - window.lastWrite < REPORT_INTERVAL_MS) {
      window.suppressed += 1;
      return;
    }
    write(window?.suppressed ? `${message} (${window.suppressed} similar lines suppressed)` : message);
    if (windows.size > 100) windows.clear();
    windows.set(kind, { lastWrite: now, suppressed: 0 });
  };
}
