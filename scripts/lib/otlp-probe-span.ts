import { randomBytes } from 'node:crypto';

export interface ProbeSpan {
  traceId: string;
  spanId: string;
}

export function newProbeSpan(): ProbeSpan {
  return { traceId: randomBytes(16).toString('hex'), spanId: randomBytes(8).toString('hex') };
}

/** One finished span as an OTLP/JSON export request: the doctor's root, so the probe's trace can be whole. */
export function otlpJsonForSpan(probe: ProbeSpan, name: string, startMs: number, endMs: number): string {
  const toNanos = (ms: number) => `${BigInt(Math.round(ms)) * 1_000_000n}`;
  return JSON.stringify({
    resourceSpans: [
      {
        resource: { attributes: [{ key: 'service.name', value: { stringValue: 'threadline-doctor' } }] },
        scopeSpans: [
          {
            scope: { name: 'threadline-doctor' },
            spans: [
              {
                traceId: probe.traceId,
                spanId: probe.spanId,
                name,
                kind: 3,
                startTimeUnixNano: toNanos(startMs),
                endTimeUnixNano: toNanos(endMs),
              },
            ],
          },
        ],
      },
    ],
  });
}
