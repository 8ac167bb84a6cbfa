/**
 * Pins processes to CPUs with `taskset`, so a benchmark can run the collector on a core of its own,
 * as production does, instead of letting it compete with the apps it measures.
 */
import { execFileSync } from 'node:child_process';
import fs from 'node:fs';
import os from 'node:os';

/** Which CPUs each party runs on; undefined where pinning is unavailable. */
export interface CoreLayout {
  apps: string;
  collector: string;
  load: string;
}

/**
 * The production-like layout on a machine with two or more CPUs: the apps on the first core, the
 * collector and the load generator on the others. Undefined without `taskset` (not Linux) or with
 * one CPU, where the caller reports the shared figure instead.
 */
export function pinnedLayout(): CoreLayout | undefined {
  const cpus = os.cpus().length;
  if (process.platform !== 'linux' || cpus < 2 || !hasTaskset()) return undefined;
  const others = cpus === 2 ? '1' : `1-${cpus - 1}`;
  return { apps: '0', collector: others, load: others };
}

/** Every CPU: the layout with no pinning at all. */
export function allCpus(): string {
  return `0-${os.cpus().length - 1}`;
}

function hasTaskset(): boolean {
  try {
    execFileSync('taskset', ['-p', String(process.pid)], { stdio: 'ignore' });
    return true;
  } catch {
    return false;
  }
}

/**
 * Pins a process, every thread it has and every process below it. Threads and children created later
 * inherit the affinity of the thread that creates them, so pinning once after start-up is enough.
 */
export function pinProcessTree(pid: number, cpus: string): void {
  for (const target of [pid, ...descendants(pid)]) {
    execFileSync('taskset', ['--all-tasks', '--cpu-list', '--pid', cpus, String(target)], { stdio: 'ignore' });
  }
}

/** Every process below `pid`, children first, as they are now. */
export function descendants(pid: number): number[] {
  const children = processParents()
    .filter(([, parent]) => parent === pid)
    .map(([child]) => child);
  return children.flatMap((child) => [child, ...descendants(child)]);
}

/** [pid, parent pid] of every process, from /proc/<pid>/stat (field 4, after the parenthesised name). */
function processParents(): Array<[number, number]> {
  return fs
    .readdirSync('/proc')
    .filter((entry) => /^\d+$/.test(entry))
    .flatMap((entry): Array<[number, number]> => {
      try {
        const stat = fs.readFileSync(`/proc/${entry}/stat`, 'utf8');
        const parent = Number(stat.slice(stat.lastIndexOf(')') + 2).split(' ')[1]);
        return [[Number(entry), parent]];
      } catch {
        // The process ended between listing and reading.
        return [];
      }
    });
}
