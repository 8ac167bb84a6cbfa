/**
 * What the measurements of npm run bench share: the order they place, how many connections drive
 * load, how long each runs, the stacks they start and the table row each figure becomes.
 */
import { IsolatedStack } from '../lib/isolated-stack';

export const ORDER = { userId: '1', items: [{ sku: 'TL-MUG', quantity: 1 }] };
export const CONNECTIONS = 8;

/** How much each measurement does: `--quick` trades precision for a run of a few minutes. */
export interface BenchSizes {
  /** Orders placed before memory is read: the same number with tracing on and off. */
  ordersPerRound: number;
  throughputSeconds: number;
  rounds: number;
  clicks: number;
  pageLoads: number;
  steadySeconds: number;
}

export function benchSizes(quick: boolean): BenchSizes {
  return {
    ordersPerRound: quick ? 500 : 2000,
    throughputSeconds: quick ? 4 : 10,
    rounds: quick ? 1 : 2,
    clicks: quick ? 5 : 20,
    pageLoads: quick ? 4 : 12,
    steadySeconds: quick ? 10 : 60,
  };
}

/** One row of the table in docs/benchmarks.md; `met` is undefined for figures without a target. */
export interface TableRow {
  measure: string;
  on: string;
  off: string;
  result: string;
  target: string;
  met: boolean | undefined;
}

export const fmt = (value: number, digits = 1) => value.toFixed(digits);

export function markdownTable(rows: readonly TableRow[]): string {
  const header = ['Measure', 'Tracing on', 'Tracing off', 'Result', 'Target', 'Met'];
  const lines = rows.map((row) => [
    row.measure,
    row.on,
    row.off,
    row.result,
    row.target,
    row.met === undefined ? '—' : row.met ? 'yes' : 'NO',
  ]);
  return [header, header.map(() => '---'), ...lines].map((cells) => `| ${cells.join(' | ')} |`).join('\n');
}

/**
 * Tracing off is the SDK disabled in both services. Each variant has ports of its own, so an on and
 * an off stack can run side by side (the browser cost compares them page load by page load).
 */
export function stackFor(tracing: boolean, round: number): IsolatedStack {
  const off = { OTEL_SDK_DISABLED: 'true' };
  return new IsolatedStack(
    `bench-${tracing ? 'on' : 'off'}-${round}`,
    tracing ? 600 : 650,
    tracing ? {} : { web: off, 'user-api': off },
  );
}
