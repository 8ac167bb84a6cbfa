/**
 * Throughput, latency and memory of the order path with tracing on and off. The variants alternate,
 * round by round, so drift on the machine (thermal, other load) falls on both alike.
 */
import { CONNECTIONS, fmt, ORDER, stackFor, type BenchSizes, type TableRow } from './harness';
import { runLoad, type LoadResult } from './load';
import { residentMiB } from './stats';

interface RoundResult {
  orders: LoadResult;
  userApi: LoadResult;
  webMiB: number;
  userApiMiB: number;
}

type OrderPathSizes = Pick<BenchSizes, 'rounds' | 'ordersPerRound' | 'throughputSeconds'>;

/** One round for one variant: warm up, then a fixed number of orders, the user API alone, and memory. */
async function orderRound(tracing: boolean, round: number, sizes: OrderPathSizes): Promise<RoundResult> {
  const stack = stackFor(tracing, round);
  await stack.startAll();
  try {
    // A fixed number of orders first (which also warms up both services), then memory is read.
    await runLoad({
      url: `${stack.shopUrl}/api/orders`,
      method: 'POST',
      body: ORDER,
      connections: CONNECTIONS,
      amount: sizes.ordersPerRound,
    });
    // Let the batch processors drain first, so spans waiting for export are not counted as "used".
    await new Promise((resolve) => setTimeout(resolve, 2000));
    const webMiB = residentMiB(stack.pid('web')!);
    const userApiMiB = residentMiB(stack.pid('user-api')!);
    const orders = await runLoad({
      url: `${stack.shopUrl}/api/orders`,
      method: 'POST',
      body: ORDER,
      connections: CONNECTIONS,
      durationSeconds: sizes.throughputSeconds,
    });
    const userApi = await runLoad({
      url: `${stack.userApiUrl}/users/1`,
      connections: CONNECTIONS,
      durationSeconds: sizes.throughputSeconds,
    });
    console.log(
      `  round ${round} tracing ${tracing ? 'on ' : 'off'}: ${fmt(orders.requestsPerSecond)} orders/s, p50 ${orders.p50Ms} ms, p99 ${orders.p99Ms} ms; user API ${fmt(userApi.requestsPerSecond)} req/s; RSS web ${fmt(webMiB)} MiB, user-api ${fmt(userApiMiB)} MiB`,
    );
    if (orders.failed > 0 || userApi.failed > 0)
      throw new Error(`requests failed during the round (${orders.failed} orders, ${userApi.failed} user lookups)`);
    return { orders, userApi, webMiB, userApiMiB };
  } finally {
    await stack.stopAll();
  }
}

export async function measureOrderPathAndMemory(sizes: OrderPathSizes): Promise<TableRow[]> {
  const { rounds, ordersPerRound, throughputSeconds } = sizes;
  console.log(
    `Order path: ${rounds} rounds per variant, alternating; ${ordersPerRound} orders, then ${throughputSeconds} s of orders and ${throughputSeconds} s of user lookups, ${CONNECTIONS} connections`,
  );
  const on: RoundResult[] = [];
  const off: RoundResult[] = [];
  for (let round = 0; round < rounds; round += 1) {
    off.push(await orderRound(false, round, sizes));
    on.push(await orderRound(true, round, sizes));
  }
  const rows: TableRow[] = [];
  const avg = (results: RoundResult[], pick: (result: RoundResult) => number) =>
    results.reduce((sum, result) => sum + pick(result), 0) / results.length;
  const ratio = avg(on, (r) => r.orders.requestsPerSecond) / avg(off, (r) => r.orders.requestsPerSecond);
  rows.push({
    measure: 'Order path throughput (orders/s)',
    on: fmt(avg(on, (r) => r.orders.requestsPerSecond)),
    off: fmt(avg(off, (r) => r.orders.requestsPerSecond)),
    result: `ratio ${fmt(ratio, 3)}`,
    target: '≥ 0.95',
    met: ratio >= 0.95,
  });
  const p50Added = avg(on, (r) => r.orders.p50Ms) - avg(off, (r) => r.orders.p50Ms);
  rows.push({
    measure: 'Order path p50 latency (ms)',
    on: fmt(avg(on, (r) => r.orders.p50Ms)),
    off: fmt(avg(off, (r) => r.orders.p50Ms)),
    result: `+${fmt(p50Added, 2)} ms`,
    target: '≤ +1 ms',
    met: p50Added <= 1,
  });
  const p99Added = avg(on, (r) => r.orders.p99Ms) - avg(off, (r) => r.orders.p99Ms);
  rows.push({
    measure: 'Order path p99 latency (ms)',
    on: fmt(avg(on, (r) => r.orders.p99Ms)),
    off: fmt(avg(off, (r) => r.orders.p99Ms)),
    result: `+${fmt(p99Added, 2)} ms`,
    target: '—',
    met: undefined,
  });
  const userApiRatio = avg(on, (r) => r.userApi.requestsPerSecond) / avg(off, (r) => r.userApi.requestsPerSecond);
  rows.push({
    measure: 'User API alone, GET /users/1 (req/s)',
    on: fmt(avg(on, (r) => r.userApi.requestsPerSecond)),
    off: fmt(avg(off, (r) => r.userApi.requestsPerSecond)),
    result: `ratio ${fmt(userApiRatio, 3)}`,
    target: '—',
    met: undefined,
  });
  for (const [label, pick] of [
    ['web', (r: RoundResult) => r.webMiB],
    ['user-api', (r: RoundResult) => r.userApiMiB],
  ] as const) {
    const memoryRatio = avg(on, pick) / avg(off, pick);
    rows.push({
      measure: `Memory after ${ordersPerRound} orders, ${label} (MiB RSS)`,
      on: fmt(avg(on, pick)),
      off: fmt(avg(off, pick)),
      result: `ratio ${fmt(memoryRatio, 3)}`,
      target: '≤ 1.15',
      met: memoryRatio <= 1.15,
    });
  }
  return rows;
}
