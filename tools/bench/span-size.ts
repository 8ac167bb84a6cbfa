/**
 * npm run bench:span-size: how many spans an order makes and how many bytes they cost on the wire,
 * OTLP protobuf versus JSON. The services export to a local sink that counts bytes (and discards them);
 * their own counters say how many spans ended. Figures for docs/scaling.md.
 */
import http from 'node:http';
import { IsolatedStack } from '../../scripts/lib/isolated-stack';
import { ORDER } from './harness';
import { runHttpBurst } from './http-burst';
import { prometheusSum } from './stats';

const ORDERS = 500;

async function measure(protocol: 'http/protobuf' | 'http/json'): Promise<{ spansPerOrder: number; bytesPerSpan: number }> {
  let bytes = 0;
  const sink = http.createServer((request, response) => {
    request.on('data', (chunk: Buffer) => (bytes += chunk.byteLength));
    request.on('end', () => response.end());
  });
  await new Promise<void>((resolve) => sink.listen(0, '127.0.0.1', resolve));
  const endpoint = `http://127.0.0.1:${(sink.address() as { port: number }).port}`;
  const env = { OTEL_EXPORTER_OTLP_ENDPOINT: endpoint, OTEL_EXPORTER_OTLP_PROTOCOL: protocol };
  const stack = new IsolatedStack(`span-size-${protocol.replace('/', '-')}`, 750, { web: env, 'user-api': env });
  try {
    await stack.start('user-api');
    await stack.start('web');
    const ended = async () =>
      prometheusSum(await (await fetch(stack.metricsUrl('web'))).text(), 'threadline_tracing_spans_ended_total') +
      prometheusSum(await (await fetch(stack.metricsUrl('user-api'))).text(), 'threadline_tracing_spans_ended_total');
    const spansBefore = await ended();
    const bytesBefore = bytes;
    await runHttpBurst({ url: `${stack.shopUrl}/api/orders`, method: 'POST', body: ORDER, connections: 4, amount: ORDERS });
    await new Promise((resolve) => setTimeout(resolve, 2000));
    const spans = (await ended()) - spansBefore;
    return { spansPerOrder: spans / ORDERS, bytesPerSpan: (bytes - bytesBefore) / spans };
  } finally {
    await stack.stopAll();
    sink.close();
  }
}

async function main(): Promise<void> {
  const rows: string[] = [
    '| Export format | Spans per order (web + user API) | Bytes per span on the wire |',
    '| --- | --- | --- |',
  ];
  for (const protocol of ['http/protobuf', 'http/json'] as const) {
    const { spansPerOrder, bytesPerSpan } = await measure(protocol);
    rows.push(`| ${protocol} | ${spansPerOrder.toFixed(2)} | ${bytesPerSpan.toFixed(0)} |`);
  }
  console.log(`${ORDERS} orders through the API (no browser), each format in its own stack:\n\n${rows.join('\n')}`);
}

main().then(
  () => process.exit(0),
  async (error: unknown) => {
    console.error(error);
    await Promise.all(IsolatedStack.all().map((stack) => stack.stopAll().catch(() => undefined)));
    process.exit(1);
  },
);
