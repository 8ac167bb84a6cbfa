import { orderSpansAsTree, type TraceSpan } from './trace-tree';

export interface WaterfallRow {
  span: TraceSpan;
  depth: number;
  missingParent: boolean;
  /** Where the bar starts, as a percentage of the trace's duration. */
  offsetPercent: number;
  /** How long the bar is, as a percentage of the trace's duration; never thinner than can be seen. */
  widthPercent: number;
}

export interface Waterfall {
  rows: WaterfallRow[];
  startMicros: number;
  durationMicros: number;
}

/** The thinnest bar drawn, so a 20 µs query next to a 2 s click still shows up. */
const MIN_WIDTH_PERCENT = 0.5;

/** Lays spans out on one shared time axis, in tree order. */
export function buildWaterfall(spans: readonly TraceSpan[]): Waterfall {
  if (spans.length === 0) return { rows: [], startMicros: 0, durationMicros: 0 };
  const startMicros = Math.min(...spans.map((span) => span.startMicros));
  const endMicros = Math.max(...spans.map((span) => span.startMicros + span.durationMicros));
  // A trace of zero length still needs an axis to divide by.
  const durationMicros = Math.max(endMicros - startMicros, 1);
  const rows = orderSpansAsTree(spans).map(({ span, depth, missingParent }) => {
    const offsetPercent = ((span.startMicros - startMicros) / durationMicros) * 100;
    const widthPercent = Math.max(Math.min((span.durationMicros / durationMicros) * 100, 100 - offsetPercent), MIN_WIDTH_PERCENT);
    return { span, depth, missingParent, offsetPercent, widthPercent };
  });
  return { rows, startMicros, durationMicros };
}

/** "850 µs", "12.3 ms", "1.42 s": three significant figures at most, in the unit that reads best. */
export function formatDuration(micros: number): string {
  if (micros < 1000) return `${Math.round(micros)} µs`;
  if (micros < 1_000_000) return `${trim(micros / 1000)} ms`;
  return `${trim(micros / 1_000_000)} s`;
}

function trim(value: number): string {
  return String(Number(value.toPrecision(3)));
}
