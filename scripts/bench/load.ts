import autocannon from 'autocannon';

export interface LoadResult {
  requestsPerSecond: number;
  p50Ms: number;
  p99Ms: number;
  completed: number;
  failed: number;
  seconds: number;
}

export interface LoadOptions {
  url: string;
  method?: 'GET' | 'POST';
  body?: unknown;
  connections: number;
  /** Either a fixed number of requests… */
  amount?: number;
  /** …or a fixed duration in seconds. */
  durationSeconds?: number;
  /** Requests per second across all connections, for a steady rate instead of "as fast as it goes". */
  overallRate?: number;
  /**
   * Reports the trace ID each answer names (an order's `traceId`). The shop starts the trace itself:
   * a traceparent from a caller that is not one of its visits would not be continued.
   */
  onTraceId?: (traceId: string) => void;
}

/** Drives load with autocannon on loopback and returns throughput and latency. */
export async function runLoad(options: LoadOptions): Promise<LoadResult> {
  const started = Date.now();
  const result = await autocannon({
    url: options.url,
    method: options.method ?? 'GET',
    connections: options.connections,
    ...(options.amount ? { amount: options.amount } : { duration: options.durationSeconds ?? 10 }),
    ...(options.overallRate ? { overallRate: options.overallRate } : {}),
    headers: { 'content-type': 'application/json' },
    body: options.body === undefined ? undefined : JSON.stringify(options.body),
    requests: options.onTraceId
      ? [
          {
            onResponse: (status: number, body: string) => {
              if (status !== 201) return;
              const { traceId } = JSON.parse(body) as { traceId?: unknown };
              if (typeof traceId === 'string') options.onTraceId!(traceId);
            },
          },
        ]
      : undefined,
  });
  const seconds = (Date.now() - started) / 1000;
  const completed = result.requests.total;
  return {
    requestsPerSecond: options.amount ? completed / seconds : result.requests.average,
    p50Ms: result.latency.p50,
    p99Ms: result.latency.p99,
    completed,
    failed: result.non2xx + result.errors + result.timeouts,
    seconds,
  };
}
