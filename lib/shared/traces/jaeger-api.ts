/** The parts of Jaeger's HTTP query API (`/api/traces`) that Threadline reads. */
import { isJaegerUiPage } from './jaeger-ui';

export interface JaegerKeyValue {
  key: string;
  type: string;
  value: unknown;
}

export interface JaegerReference {
  refType: 'CHILD_OF' | 'FOLLOWS_FROM';
  traceID: string;
  spanID: string;
}

export interface JaegerSpan {
  traceID: string;
  spanID: string;
  operationName: string;
  references: JaegerReference[];
  /** Microseconds since the epoch. */
  startTime: number;
  /** Microseconds. */
  duration: number;
  tags: JaegerKeyValue[];
  processID: string;
  logs?: { timestamp: number; fields: JaegerKeyValue[] }[];
  /** What Jaeger's own adjusters found wrong with the span (clock skew, negative duration…), as its UI shows them. */
  warnings?: string[] | null;
}

/** One edge of Jaeger's service dependency graph (`/api/dependencies`, the UI's System Architecture). */
export interface JaegerDependency {
  parent: string;
  child: string;
  callCount: number;
}

export interface JaegerTrace {
  traceID: string;
  spans: JaegerSpan[];
  processes: Record<string, { serviceName: string; tags: JaegerKeyValue[] }>;
}

interface JaegerEnvelope<T> {
  data: T | null;
  errors: { code: number; msg: string }[] | null;
}

export interface TraceSearch {
  service: string;
  operation?: string;
  tags?: Record<string, string>;
  /** Microseconds since the epoch. */
  startMicros?: number;
  limit?: number;
}

/** A small client for Jaeger's query API; `baseUrl` is the query service, e.g. http://127.0.0.1:16686. */
export class JaegerQueryClient {
  constructor(
    private readonly baseUrl: string,
    /** A Jaeger that hangs must not hang the trace view or the doctor with it. */
    private readonly timeoutMs = 5000,
  ) {}

  /** The trace, or `null` while Jaeger does not (yet) know it. */
  async getTrace(traceId: string): Promise<JaegerTrace | null> {
    const response = await fetch(`${this.baseUrl}/api/traces/${traceId}`, { signal: AbortSignal.timeout(this.timeoutMs) });
    if (response.status === 404) return null;
    const envelope = await this.read<JaegerTrace[]>(response);
    return envelope[0] ?? null;
  }

  async findTraces(search: TraceSearch): Promise<JaegerTrace[]> {
    const query = new URLSearchParams({ service: search.service, limit: String(search.limit ?? 20) });
    if (search.operation) query.set('operation', search.operation);
    if (search.tags) query.set('tags', JSON.stringify(search.tags));
    if (search.startMicros !== undefined) query.set('start', String(search.startMicros));
    const response = await fetch(`${this.baseUrl}/api/traces?${query.toString()}`, {
      signal: AbortSignal.timeout(this.timeoutMs),
    });
    return this.read<JaegerTrace[]>(response);
  }

  /** The service graph Jaeger derives from the traces of `lookbackMs` before `endMs`. */
  async dependencies(endMs: number, lookbackMs: number): Promise<JaegerDependency[]> {
    const query = new URLSearchParams({ endTs: String(Math.round(endMs)), lookback: String(Math.round(lookbackMs)) });
    const response = await fetch(`${this.baseUrl}/api/dependencies?${query.toString()}`, {
      signal: AbortSignal.timeout(this.timeoutMs),
    });
    return (await this.read<JaegerDependency[] | null>(response)) ?? [];
  }

  async services(): Promise<string[]> {
    const response = await fetch(`${this.baseUrl}/api/services`, { signal: AbortSignal.timeout(this.timeoutMs) });
    return (await this.read<string[] | null>(response)) ?? [];
  }

  /** Whether this Jaeger serves its own UI at its root, rather than the source build's placeholder. */
  async servesUi(): Promise<boolean> {
    const response = await fetch(`${this.baseUrl}/`, { signal: AbortSignal.timeout(this.timeoutMs) });
    return response.ok && isJaegerUiPage(await response.text());
  }

  private async read<T>(response: Response): Promise<T> {
    const body = (await response.json()) as JaegerEnvelope<T>;
    if (!response.ok || (body.errors && body.errors.length > 0)) {
      const reason = body.errors?.map((error) => error.msg).join('; ') ?? response.statusText;
      throw new Error(`Jaeger answered ${response.status}: ${reason}`);
    }
    return body.data as T;
  }
}
