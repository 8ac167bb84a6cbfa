import { execFileSync } from 'node:child_process';
import fs from 'node:fs';

/** The value below which `fraction` of the samples fall (nearest rank); NaN for no samples. */
export function percentile(samples: readonly number[], fraction: number): number {
  if (samples.length === 0) return Number.NaN;
  const sorted = [...samples].sort((a, b) => a - b);
  const rank = Math.min(sorted.length - 1, Math.max(0, Math.ceil(fraction * sorted.length) - 1));
  return sorted[rank]!;
}

export function median(samples: readonly number[]): number {
  return percentile(samples, 0.5);
}

/** Resident memory of a process in MiB, from /proc (Linux). */
export function residentMiB(pid: number): number {
  const status = fs.readFileSync(`/proc/${pid}/status`, 'utf8');
  const kib = Number(/VmRSS:\s+(\d+)\s+kB/.exec(status)?.[1]);
  return kib / 1024;
}

/** The value of the first Prometheus sample whose line matches, summed over all matching lines. */
export function prometheusSum(text: string, metric: string): number {
  return text
    .split('\n')
    .filter((line) => line.startsWith(metric) && (line[metric.length] === ' ' || line[metric.length] === '{'))
    .reduce((sum, line) => sum + Number(line.split(' ').pop()), 0);
}

/** A ratio measured round by round: its median and the lowest and highest round. */
export interface RatioSpread {
  median: number;
  low: number;
  high: number;
  rounds: number;
}

/**
 * Ratios of paired rounds (round i of `measured` against round i of `baseline`): pairs ran next to
 * each other, so drift on the machine falls on both sides of each ratio alike.
 */
export function pairedRatios(measured: readonly number[], baseline: readonly number[]): RatioSpread {
  if (measured.length !== baseline.length || measured.length === 0) {
    throw new Error(`paired rounds need equal, non-zero counts (got ${measured.length} and ${baseline.length})`);
  }
  const ratios = measured.map((value, index) => value / baseline[index]!);
  return { median: median(ratios), low: Math.min(...ratios), high: Math.max(...ratios), rounds: ratios.length };
}

/** `items` rotated left by `by`: round r runs the variants in a different order from round r − 1. */
export function rotated<T>(items: readonly T[], by: number): T[] {
  const shift = ((by % items.length) + items.length) % items.length;
  return [...items.slice(shift), ...items.slice(0, shift)];
}

let clockTicksPerSecond: number | undefined;

/**
 * CPU seconds a process has used so far, user and system (Linux /proc): all its threads, or only its
 * main thread.
 */
export function cpuSeconds(
  pid: number,
  { mainThreadOnly = false, reapedChildren = false }: { mainThreadOnly?: boolean; reapedChildren?: boolean } = {},
): number {
  clockTicksPerSecond ??= (() => {
    try {
      return Number(execFileSync('getconf', ['CLK_TCK'], { encoding: 'utf8' }).trim()) || 100;
    } catch {
      return 100;
    }
  })();
  const stat = fs.readFileSync(mainThreadOnly ? `/proc/${pid}/task/${pid}/stat` : `/proc/${pid}/stat`, 'utf8');
  // utime and stime, fields 14 and 15: counted after the parenthesised name, which may hold spaces.
  const fields = stat.slice(stat.lastIndexOf(')') + 2).split(' ');
  // cutime and cstime, fields 16 and 17: children that ended and were waited for (PostgreSQL's backends).
  const reaped = reapedChildren ? Number(fields[13]) + Number(fields[14]) : 0;
  return (Number(fields[11]) + Number(fields[12]) + reaped) / clockTicksPerSecond;
}
