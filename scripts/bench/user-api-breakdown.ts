import http from 'node:http';
import { IsolatedStack } from '../lib/isolated-stack';
import { appEnv, startUserApi } from '../lib/stack-services';
import { CONNECTIONS, fmt, type BenchSizes, type TableRow } from './harness';
import { runLoad } from './load';

/**
 * Where the user API's tracing cost goes: the same lookups with the SDK off, with the instrumentation
 * on but nothing sampled, with spans exported to a sink that discards them at once, and with spans
 * exported to a real Jaeger on the same two cores.
 */
export async function measureUserApiCostBreakdown(sizes: Pick<BenchSizes, 'throughputSeconds'>): Promise<TableRow> {
  console.log('User API cost breakdown');
  const sink = http.createServer((request, response) => {
    request.resume();
    request.on('end', () => response.end());
  });
  await new Promise<void>((resolve) => sink.listen(0, '127.0.0.1', resolve));
  const sinkUrl = `http://127.0.0.1:${(sink.address() as { port: number }).port}`;
  const stack = new IsolatedStack('bench-user-api', 700);
  await stack.start('jaeger');
  const variants: [string, Record<string, string>][] = [
    ['SDK off', { OTEL_SDK_DISABLED: 'true' }],
    ['instrumented, nothing sampled', { OTEL_TRACES_SAMPLER: 'always_off' }],
    ['spans to a discarding sink', { OTEL_EXPORTER_OTLP_ENDPOINT: sinkUrl }],
    ['spans to Jaeger on the same cores', {}],
  ];
  const results: number[] = [];
  try {
    for (const [label, env] of variants) {
      const userApi = await startUserApi(
        stack.settings,
        appEnv(stack.settings, { OTEL_EXPORTER_OTLP_ENDPOINT: `http://127.0.0.1:${stack.settings.jaeger.otlpHttpPort}`, ...env }),
        { echo: false },
      );
      await runLoad({ url: `${stack.userApiUrl}/users/1`, connections: CONNECTIONS, durationSeconds: 2 });
      const load = await runLoad({
        url: `${stack.userApiUrl}/users/1`,
        connections: CONNECTIONS,
        durationSeconds: sizes.throughputSeconds,
      });
      await userApi.stop();
      results.push(load.requestsPerSecond);
      console.log(`  ${label}: ${fmt(load.requestsPerSecond)} req/s, p50 ${load.p50Ms} ms`);
    }
  } finally {
    sink.close();
    await stack.stopAll();
  }
  const base = results[0]!;
  return {
    measure: 'User API cost breakdown, GET /users/1 (req/s)',
    on: variants
      .slice(1)
      .map(([label], index) => `${label}: ${fmt(results[index + 1]!, 0)} (${fmt(results[index + 1]! / base, 2)})`)
      .join('; '),
    off: fmt(base, 0),
    result: 'see notes',
    target: '—',
    met: undefined,
  };
}
