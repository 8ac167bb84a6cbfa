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
