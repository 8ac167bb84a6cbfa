import type { IsolatedStack } from '../../scripts/lib/isolated-stack';
import { prometheusSum } from './stats';

/** Longer than the batch processors' 500 ms schedule delay. */
const BATCH_DELAY_MS = 600;
const POLL_MS = 200;

/**
 * Waits until a stack's Jaeger has stored everything sent to it: after a round at full load it can be
 * seconds behind, and on the load generator's core its catching up would slow the next round down.
 */
export async function waitForCollectorIdle(stack: IsolatedStack, timeoutMs = 60_000): Promise<void> {
  const metricsUrl = `http://127.0.0.1:${stack.settings.jaeger.metricsPort}/metrics`;
  const stored = async () => prometheusSum(await (await fetch(metricsUrl)).text(), 'otelcol_exporter_sent_spans_total');
  await new Promise((resolve) => setTimeout(resolve, BATCH_DELAY_MS));
  const deadline = Date.now() + timeoutMs;
  let previous = await stored();
  while (Date.now() < deadline) {
    await new Promise((resolve) => setTimeout(resolve, POLL_MS));
    const now = await stored();
    if (now === previous) return;
    previous = now;
  }
  throw new Error(`${stack.name}: Jaeger was still storing spans ${timeoutMs / 1000} s after the load stopped`);
}
