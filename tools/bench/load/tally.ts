import { percentile } from '../stats';

/** How one order ended: the HTTP status, or why there was none. */
export type OrderStatus = number | 'timeout' | 'network_error';

export interface OrderOutcome {
  status: OrderStatus;
  /** The error code of a refused order (`injected_failure`, `user_not_found`…). */
  code: string | undefined;
  latencyMs: number;
  /** When its (last) attempt was sent, in ms since the epoch: to line an order up with an event in a run. */
  sentAtMs?: number;
  traceId: string;
  /** The `session.id` of the visit that placed it, as the shop writes it on the order's spans. */
  sessionId: string | undefined;
  /** Whether the shop recorded the trace, from the sampled flag of its `traceresponse` header. */
  sampled: boolean;
  /** How the order was placed: through the API or by a click in Chromium. */
  via: 'api' | 'browser';
  /** The Idempotency-Key every attempt of this order carried (API orders). */
  idempotencyKey?: string;
  /** Attempts it took, 1 without retries; `status` is the last one's. */
  attempts?: number;
  /** The stored order's ID, from a 201's body. */
  orderId?: string;
  /** Which replica answered, where a balancer says so (`x-served-by`, as deploy/team/haproxy.cfg sets it). */
  servedBy?: string;
}

export interface LoadSummary {
  sent: number;
  placed: number;
  failed: number;
  /** Every answer by status ("201", "500", "timeout"…), failures and successes alike. */
  byStatus: Record<string, number>;
  /** Orders not sent because too many were still waiting for an answer (the shop is slower than the rate). */
  skipped: number;
  p50Ms: number;
  p99Ms: number;
  tracesSampled: number;
  /** Traces worth opening first. */
  slowest: Pick<OrderOutcome, 'traceId' | 'latencyMs'> | undefined;
  firstFailure: Pick<OrderOutcome, 'traceId' | 'status' | 'code'> | undefined;
  /** Every order, for scripts and tests (only printed with --json). */
  orders: OrderOutcome[];
}

/** The outcomes of one run, as they come in. */
/** The ID of the order a 201 answer's body holds, if it holds one. */
export function orderIdOf(body: unknown): string | undefined {
  const id = (body as { id?: unknown } | undefined)?.id;
  return typeof id === 'string' ? id : undefined;
}

export class LoadTally {
  private readonly outcomes: OrderOutcome[] = [];
  private skippedCount = 0;

  record(outcome: OrderOutcome): void {
    this.outcomes.push(outcome);
  }

  skip(): void {
    this.skippedCount += 1;
  }

  summary(): LoadSummary {
    const byStatus: Record<string, number> = {};
    for (const { status } of this.outcomes) byStatus[String(status)] = (byStatus[String(status)] ?? 0) + 1;
    const placed = this.outcomes.filter(isPlaced).length;
    const latencies = this.outcomes.map((outcome) => outcome.latencyMs);
    const slowest = this.outcomes.reduce<OrderOutcome | undefined>(
      (worst, outcome) => (worst === undefined || outcome.latencyMs > worst.latencyMs ? outcome : worst),
      undefined,
    );
    const firstFailure = this.outcomes.find((outcome) => !isPlaced(outcome));
    return {
      sent: this.outcomes.length,
      placed,
      failed: this.outcomes.length - placed,
      byStatus,
      skipped: this.skippedCount,
      p50Ms: percentile(latencies, 0.5),
      p99Ms: percentile(latencies, 0.99),
      tracesSampled: this.outcomes.filter((outcome) => outcome.sampled).length,
      slowest: slowest && { traceId: slowest.traceId, latencyMs: slowest.latencyMs },
      firstFailure: firstFailure && { traceId: firstFailure.traceId, status: firstFailure.status, code: firstFailure.code },
      orders: [...this.outcomes],
    };
  }
}

function isPlaced(outcome: OrderOutcome): boolean {
  return outcome.status === 201;
}

/** One line every few seconds while the run goes on. */
export function progressLine(summary: LoadSummary, elapsedSeconds: number, durationSeconds: number, inFlight: number): string {
  return (
    `[load] ${elapsedSeconds.toFixed(0)}/${durationSeconds} s: ${summary.sent} answered (${statusList(summary.byStatus)}), ` +
    `${inFlight} waiting, p50 ${formatMs(summary.p50Ms)}`
  );
}

/** The closing report: counts, latency, sampling, and which traces to open. */
export function summaryLines(summary: LoadSummary, { shopUrl, seconds }: { shopUrl: string; seconds: number }): string[] {
  const failures = Object.entries(summary.byStatus).filter(([status]) => status !== '201');
  const clicked = summary.orders.filter((order) => order.via === 'browser').length;
  const lines = [
    `Orders: ${summary.sent}${clicked > 0 ? ` (${clicked} clicked in Chromium)` : ''} in ${seconds.toFixed(1)} s, ` +
      `${summary.placed} placed, ${summary.failed} failed` +
      (failures.length > 0 ? ` (${failures.map(([status, count]) => `${status} ×${count}`).join(', ')})` : ''),
    `Latency: p50 ${formatMs(summary.p50Ms)}, p99 ${formatMs(summary.p99Ms)}`,
    `Traces sampled: ${summary.tracesSampled} of ${summary.sent} (the shop's traceresponse flag)`,
  ];
  if (summary.skipped > 0) lines.push(`Not sent: ${summary.skipped}, because too many orders were still waiting for an answer`);
  if (summary.slowest) {
    lines.push(`Slowest: ${shopUrl}/traces/${summary.slowest.traceId} (${formatMs(summary.slowest.latencyMs)})`);
  }
  if (summary.firstFailure) {
    const { traceId, status, code } = summary.firstFailure;
    lines.push(`A failure: ${shopUrl}/traces/${traceId} (${status}${code ? ` ${code}` : ''})`);
  }
  return lines;
}

function statusList(byStatus: Record<string, number>): string {
  const entries = Object.entries(byStatus);
  return entries.length === 0 ? 'none yet' : entries.map(([status, count]) => `${status}: ${count}`).join(', ');
}

function formatMs(ms: number): string {
  return Number.isNaN(ms) ? '–' : `${Math.round(ms)} ms`;
}
