/**
 * What the measurements of npm run bench share: the order they place, how many connections drive
 * load, how long each runs, the stacks they start and the table row each figure becomes.
 */
import rootPackage from '../../package.json';
import toolsPackage from './package.json';

export const ORDER = { userId: '1', items: [{ sku: 'TL-MUG', quantity: 1 }] };
export const CONNECTIONS = 8;

/** How much each measurement does: `--quick` trades precision for a run of under two minutes. */
export interface BenchSizes {
  /** Orders placed on each stack before memory is read: the same number with tracing on and off. */
  ordersPerRound: number;
  /** Alternating rounds per variant, in the production-like layout (odd, so the median is a round). */
  rounds: number;
  /** Rounds per variant with everything on shared cores, the second figure (none in a quick run). */
  sharedRounds: number;
  /** Unmeasured load before each measured window. */
  warmUpSeconds: number;
  /** Length of one measured window of orders. */
  throughputSeconds: number;
  /** Length of one measured window of user lookups, which settle faster. */
  userApiSeconds: number;
  clicks: number;
  pageLoads: number;
  steadySeconds: number;
  /** Times each hostile request is sent (tools/bench/hostile-input.ts). */
  hostileRepeats: number;
}

export function benchSizes(quick: boolean): BenchSizes {
  return {
    ordersPerRound: quick ? 200 : 2000,
    rounds: quick ? 5 : 7,
    sharedRounds: quick ? 0 : 3,
    warmUpSeconds: quick ? 0.2 : 2,
    throughputSeconds: quick ? 0.8 : 8,
    userApiSeconds: quick ? 0.4 : 4,
    clicks: quick ? 3 : 20,
    pageLoads: quick ? 3 : 12,
    steadySeconds: quick ? 5 : 60,
    hostileRepeats: quick ? 1 : 5,
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

/** A package's version as the repository pins it: in the product's package.json or the tools' own. */
export function pinnedVersion(name: string): string | undefined {
  const pinned: Record<string, string> = {
    ...rootPackage.dependencies,
    ...rootPackage.devDependencies,
    ...toolsPackage.devDependencies,
  };
  return pinned[name];
}
