import { RandomIdGenerator, type IdGenerator } from '@opentelemetry/sdk-trace';

/** A trace ID and the span ID its root must have: the page load the server allocated before it rendered. */
export interface ReservedRoot {
  traceId: string;
  spanId: string;
}

/**
 * The page's trace and span IDs. Every trace the page starts carries its visit's prefix (the left
 * half; the right half stays random), which is how the shop tells the visit's traces from anyone
 * else's (lib/server/visit/visit-identifiers.ts). And once, for the page load, it hands out the IDs
 * the server already rendered under, so the browser's page load is that very span.
 */
export class VisitIdGenerator implements IdGenerator {
  private readonly random = new RandomIdGenerator();
  private reserved: ReservedRoot | undefined;

  constructor(private readonly traceIdPrefix: string | undefined) {}

  /** Runs `startRoot` (which must start exactly one root span, synchronously) with `root`'s IDs. */
  withReservedRoot<T>(root: ReservedRoot, startRoot: () => T): T {
    this.reserved = root;
    try {
      return startRoot();
    } finally {
      this.reserved = undefined;
    }
  }

  generateTraceId(): string {
    if (this.reserved) return this.reserved.traceId;
    const random = this.random.generateTraceId();
    return this.traceIdPrefix ? `${this.traceIdPrefix}${random.slice(this.traceIdPrefix.length)}` : random;
  }

  generateSpanId(): string {
    return this.reserved?.spanId ?? this.random.generateSpanId();
  }
}
