/**
 * npm run bench:untraced-memory [-- --orders N]: the untraced shop's resident memory over a long run
 * of orders, beside the same shop with glibc's malloc held to two arenas (MALLOC_ARENA_MAX=2), one
 * stack after the other. If the untraced shop's RSS grew with the number of orders in both, the
 * shop would keep something per order (a leak); if it grows only with the default allocator and
 * levels off, it is memory glibc keeps in its per-thread arenas after a burst, not memory in use.
 */
import { IsolatedStack } from '../../scripts/lib/isolated-stack';
import { CONNECTIONS, fmt, ORDER } from './harness';
import { runHttpBurst } from './http-burst';
import { residentMiB } from './stats';

const OFF = { OTEL_SDK_DISABLED: 'true' };
const ordersArg = process.argv.find((arg) => arg.startsWith('--orders='));
const TOTAL_ORDERS = ordersArg ? Number(ordersArg.slice('--orders='.length)) : 70_000;
const STEPS = 7;

async function run(name: string, offset: number, extraEnv: Record<string, string>): Promise<string[]> {
  const stack = new IsolatedStack(name, offset, { web: { ...OFF, ...extraEnv }, 'user-api': OFF }, undefined, true);
  const rows: string[] = [];
  try {
    await stack.startAll();
    const pid = stack.pid('web')!;
    for (let step = 1; step <= STEPS; step += 1) {
      await runHttpBurst({
        url: `${stack.shopUrl}/api/orders`,
        method: 'POST',
        body: ORDER,
        connections: CONNECTIONS,
        amount: TOTAL_ORDERS / STEPS,
      });
      rows.push(`| ${name} | ${(step * TOTAL_ORDERS) / STEPS} | ${fmt(residentMiB(pid))} |`);
      console.log(rows.at(-1));
    }
  } finally {
    await stack.stopAll();
  }
  return rows;
}

async function main(): Promise<void> {
  const rows = [...(await run('memory-default', 800, {})), ...(await run('memory-two-arenas', 850, { MALLOC_ARENA_MAX: '2' }))];
  console.log(`\n| Untraced shop | Orders | RSS (MiB) |\n| --- | --- | --- |\n${rows.join('\n')}`);
}

void main().catch((error: unknown) => {
  console.error(error);
  process.exit(1);
});
