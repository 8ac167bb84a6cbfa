/**
 * Throughput and latency of the order path, and of the user API alone, for each tracing variant.
 * The variants run in alternating rounds (each round in a rotated order) on stacks that stay up,
 * and each figure is the median of its rounds with the spread beside it: on a shared machine one
 * round proves nothing.
 */
import type { IsolatedStack } from '../../scripts/lib/isolated-stack';
import { waitForCollectorIdle } from './collector-idle';
import { CONNECTIONS, fmt, ORDER, type BenchSizes, type TableRow } from './harness';
import { runHttpBurst, type HttpBurstResult } from './http-burst';
import { cpuSeconds, median, pairedRatios, residentMiB, rotated, type RatioSpread } from './stats';
import type { TracingVariant } from './variants';

type RoundSizes = Pick<BenchSizes, 'rounds' | 'warmUpSeconds' | 'throughputSeconds'>;

/** A measured window, with how much CPU the app's processes used in it (in cores: 1 is one core busy). */
export interface RoundResult extends HttpBurstResult {
  appCpu: number;
}

export type RoundResults<V extends string> = Record<V, RoundResult[]>;

/** Milliseconds of the app's CPU per request: what tracing adds here is its cost, whatever limits throughput. */
export const cpuMsPerRequest = (result: RoundResult) => (result.appCpu / result.requestsPerSecond) * 1000;

/** Runs `measure` for every variant, round after round, the order rotated each round. */
async function alternatingRounds<V extends string>(
  variants: readonly V[],
  rounds: number,
  measure: (variant: V) => Promise<RoundResult>,
  describe: (variant: V, result: RoundResult) => string,
): Promise<RoundResults<V>> {
  const results = Object.fromEntries(variants.map((variant) => [variant, [] as RoundResult[]])) as RoundResults<V>;
  for (let round = 0; round < rounds; round += 1) {
    const line: string[] = [];
    for (const variant of rotated(variants, round)) {
      const result = await measure(variant);
      if (result.failed > 0) throw new Error(`${result.failed} requests failed (${variant}, round ${round + 1})`);
      results[variant].push(result);
      line.push(describe(variant, result));
    }
    console.log(`  round ${round + 1}: ${line.join('; ')}`);
  }
  return results;
}

/**
 * A short unmeasured run first (the stack just sat idle while another variant ran); afterwards, a
 * traced stack's spans are all stored before the next variant runs, so their export and storage
 * fall into no other variant's window.
 */
async function warmedLoad(
  options: Parameters<typeof runHttpBurst>[0],
  sizes: RoundSizes,
  appPids: readonly number[],
  traced?: IsolatedStack,
): Promise<RoundResult> {
  await runHttpBurst({ ...options, durationSeconds: sizes.warmUpSeconds });
  const cpuBefore = appPids.reduce((sum, pid) => sum + cpuSeconds(pid), 0);
  const result = await runHttpBurst({ ...options, durationSeconds: sizes.throughputSeconds });
  const appCpu = (appPids.reduce((sum, pid) => sum + cpuSeconds(pid), 0) - cpuBefore) / result.seconds;
  if (traced) await waitForCollectorIdle(traced);
  return { ...result, appCpu };
}

export function measureOrderRounds(
  stacks: Partial<Record<TracingVariant, IsolatedStack>>,
  variants: readonly TracingVariant[],
  sizes: RoundSizes,
): Promise<RoundResults<TracingVariant>> {
  console.log(
    `Order path: ${variants.join(', ')}; ${sizes.rounds} rounds of ${sizes.throughputSeconds} s each (after ${sizes.warmUpSeconds} s unmeasured), ${CONNECTIONS} connections`,
  );
  return alternatingRounds(
    variants,
    sizes.rounds,
    (variant) =>
      warmedLoad(
        { url: `${stacks[variant]!.shopUrl}/api/orders`, method: 'POST', body: ORDER, connections: CONNECTIONS },
        sizes,
        [stacks[variant]!.pid('web')!, stacks[variant]!.pid('user-api')!],
        variant === 'off' ? undefined : stacks[variant],
      ),
    (variant, result) =>
      `${variant} ${fmt(result.requestsPerSecond)}/s p50 ${result.p50Ms} ms ${fmt(cpuMsPerRequest(result), 2)} ms CPU (${fmt(result.appCpu * 100, 0)} %)`,
  );
}

export type UserApiVariant = TracingVariant | 'nothing-sampled';

export function measureUserApiRounds(
  stacks: Partial<Record<UserApiVariant, IsolatedStack>>,
  variants: readonly UserApiVariant[],
  sizes: RoundSizes,
): Promise<RoundResults<UserApiVariant>> {
  console.log(
    `User API alone, GET /users/1: ${variants.join(', ')}; ${sizes.rounds} rounds of ${sizes.throughputSeconds} s each`,
  );
  return alternatingRounds(
    variants,
    sizes.rounds,
    (variant) => {
      const stack = stacks[variant]!;
      return warmedLoad(
        { url: `${stack.userApiUrl}/users/1`, connections: CONNECTIONS },
        sizes,
        [stack.pid('user-api')!],
        // The user API that samples nothing has no Jaeger to wait for, nor has the untraced one.
        variant === 'off' || variant === 'nothing-sampled' ? undefined : stack,
      );
    },
    (variant, result) =>
      `${variant} ${fmt(result.requestsPerSecond, 0)}/s ${fmt(cpuMsPerRequest(result) * 1000, 0)} µs CPU (${fmt(result.appCpu * 100, 0)} %)`,
  );
}

/** "ratio 0.91 (0.88–0.94, 7 rounds)": the median of paired rounds and its spread. */
export function describeRatio(spread: RatioSpread): string {
  return `ratio ${fmt(spread.median, 3)} (${fmt(spread.low, 2)}–${fmt(spread.high, 2)}, ${spread.rounds} rounds)`;
}

const rate = (results: readonly RoundResult[]) => median(results.map((result) => result.requestsPerSecond));

/** A throughput row: a variant against tracing off, with a target on the median ratio if it has one. */
export function throughputRow(
  measure: string,
  measured: readonly RoundResult[],
  off: readonly RoundResult[],
  target?: number,
): TableRow {
  const spread = pairedRatios(
    measured.map((result) => result.requestsPerSecond),
    off.map((result) => result.requestsPerSecond),
  );
  return {
    measure,
    on: fmt(rate(measured)),
    off: fmt(rate(off)),
    result: describeRatio(spread),
    target: target === undefined ? '—' : `≥ ${fmt(target, 2)}`,
    met: target === undefined ? undefined : spread.median >= target,
  };
}

/**
 * A cost row: the app's CPU per request, and the share of its capacity tracing leaves it (tracing-off
 * CPU over traced CPU, round by round). Unlike throughput, this does not depend on whether the load
 * generator, sharing the collector's core, could drive the traced app to its limit.
 */
export function cpuCostRow(
  measure: string,
  unit: 'ms' | 'µs',
  measured: readonly RoundResult[],
  off: readonly RoundResult[],
  target?: number,
): TableRow {
  const scale = unit === 'ms' ? 1 : 1000;
  const cost = (results: readonly RoundResult[]) => median(results.map((result) => cpuMsPerRequest(result) * scale));
  const spread = pairedRatios(off.map(cpuMsPerRequest), measured.map(cpuMsPerRequest));
  return {
    measure,
    on: fmt(cost(measured), unit === 'ms' ? 2 : 1),
    off: fmt(cost(off), unit === 'ms' ? 2 : 1),
    result: `capacity ${describeRatio(spread)}`,
    target: target === undefined ? '—' : `≥ ${fmt(target, 2)}`,
    met: target === undefined ? undefined : spread.median >= target,
  };
}

/** A latency row: the median, over rounds, of what tracing adds to a percentile within the round. */
export function latencyRow(
  measure: string,
  pick: (result: RoundResult) => number,
  measured: readonly RoundResult[],
  off: readonly RoundResult[],
  targetMs?: number,
): TableRow {
  const added = median(measured.map((result, index) => pick(result) - pick(off[index]!)));
  return {
    measure,
    on: fmt(median(measured.map(pick))),
    off: fmt(median(off.map(pick))),
    result: `${added >= 0 ? '+' : ''}${fmt(added, 2)} ms`,
    target: targetMs === undefined ? '—' : `≤ +${targetMs} ms`,
    met: targetMs === undefined ? undefined : added <= targetMs,
  };
}

/** A fixed number of orders on each stack, before any measurement: the same work for every variant. */
export async function warmUp(stacks: readonly IsolatedStack[], sizes: Pick<BenchSizes, 'ordersPerRound'>): Promise<void> {
  console.log(`Warming up: ${sizes.ordersPerRound} orders on each stack`);
  for (const stack of stacks) {
    const load = await runHttpBurst({
      url: `${stack.shopUrl}/api/orders`,
      method: 'POST',
      body: ORDER,
      connections: CONNECTIONS,
      amount: sizes.ordersPerRound,
    });
    if (load.failed > 0) throw new Error(`${load.failed} orders failed while warming up ${stack.name}`);
  }
}

/**
 * Resident memory after the same fixed work on each stack (the warm-up's orders), once the batch
 * processors have drained, so spans waiting for export are not counted as "used".
 */
export async function memoryRows(
  on: IsolatedStack,
  off: IsolatedStack,
  sizes: Pick<BenchSizes, 'ordersPerRound'>,
): Promise<TableRow[]> {
  await new Promise((resolve) => setTimeout(resolve, 2000));
  return (['web', 'user-api'] as const).map((service) => {
    const [onMiB, offMiB] = [residentMiB(on.pid(service)!), residentMiB(off.pid(service)!)];
    const ratio = onMiB / offMiB;
    return {
      measure: `Memory after ${sizes.ordersPerRound} orders, ${service} (MiB RSS)`,
      on: fmt(onMiB),
      off: fmt(offMiB),
      result: `ratio ${fmt(ratio, 3)}`,
      target: '≤ 1.15',
      met: ratio <= 1.15,
    };
  });
}
