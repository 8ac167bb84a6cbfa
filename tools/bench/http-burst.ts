import autocannon from 'autocannon';

export interface HttpBurstResult {
  requestsPerSecond: number;
  p50Ms: number;
  p99Ms: number;
  completed: number;
  failed: number;
  seconds: number;
}

export interface HttpBurstOptions {
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

/** A burst of HTTP requests from autocannon, on loopback: throughput and latency. (`npm run load` is the other tool, the shop's order generator: tools/bench/load/.) */
export async function runHttpBurst(options: HttpBurstOptions): Promise<HttpBurstResult> {
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
