/**
 * npm run bench:db-spans: the project's own database spans (withAsyncDbSpan, lib/otel/node/db-span.ts)
 * against the maintained @opentelemetry/instrumentation-pg, on the same queries of a real PostgreSQL
 * (a cluster of the bench's own): CPU per query, spans per query, and each one's spans as Jaeger
 * would show them. Each variant runs in a process of its own (instrumentation-pg patches `pg` as it
 * is loaded); rounds alternate between them and each figure is the median round.
 */
import { execFileSync } from 'node:child_process';
import { createRequire } from 'node:module';
import { PostgresCluster } from '@threadline/service-kit/testing';
import { assertPortFree } from '../../scripts/lib/port';
import { fmt } from './harness';
import { median } from './stats';

const POSTGRES_PORT = 55434;
const VARIANTS = ['untraced', 'own-helper', 'instrumentation-pg'] as const;
type Variant = (typeof VARIANTS)[number];
const QUERIES = process.argv.includes('--quick') ? 2000 : 20_000;
const ROUNDS = process.argv.includes('--quick') ? 1 : 5;
const CONCURRENCY = 8;
const SQL = 'SELECT id, name, email FROM users WHERE id = $1';

interface Sample {
  variant: Variant;
  cpuMicrosPerQuery: number;
  queriesPerSecond: number;
  spansPerQuery: number;
  /** Each span name once, with its attributes: what Jaeger shows for one query. */
  shape: Record<string, Record<string, unknown>>;
}

/** The child: one variant, QUERIES queries under a parent span each, as a request would make them. */
async function runVariant(variant: Variant, url: string): Promise<Sample> {
  const { NodeTracerProvider } = await import('@opentelemetry/sdk-trace-node');
  const { BatchSpanProcessor } = await import('@opentelemetry/sdk-trace-base');
  const api = await import('@opentelemetry/api');
  let spans = 0;
  const shape: Sample['shape'] = {};
  const exporter = {
    export(batch: { name: string; attributes: Record<string, unknown> }[], done: (result: { code: 0 }) => void) {
      spans += batch.length;
      for (const span of batch) shape[span.name] ??= { ...span.attributes };
      done({ code: 0 });
    },
    shutdown: () => Promise.resolve(),
  };
  const provider =
    variant === 'untraced'
      ? undefined
      : new NodeTracerProvider({
          spanProcessors: [new BatchSpanProcessor(exporter as never, { maxQueueSize: 65_536, maxExportBatchSize: 2048 })],
        });
  provider?.register();
  if (variant === 'instrumentation-pg') {
    const { registerInstrumentations } = await import('@opentelemetry/instrumentation');
    const { PgInstrumentation } = await import('@opentelemetry/instrumentation-pg');
    registerInstrumentations({ instrumentations: [new PgInstrumentation()], tracerProvider: provider });
  }
  // Loaded only now, through require, so that the instrumentation's hook sees it.
  const pg = createRequire(__filename)('pg') as typeof import('pg');
  const { withAsyncDbSpan } = await import('@threadline/otel-node');
  const { postgresTargetOf } = await import('@threadline/service-kit');
  const pool = new pg.Pool({ connectionString: url, max: CONCURRENCY });
  const tracer = api.trace.getTracer('bench');
  const target = postgresTargetOf(url);
  const query = (id: string) =>
    variant === 'own-helper'
      ? withAsyncDbSpan(tracer, { operation: 'SELECT', table: 'users', query: SQL, target }, () => pool.query(SQL, [id]))
      : pool.query(SQL, [id]);
  const oneRequest = (id: string) =>
    tracer.startActiveSpan('request', async (span) => {
      try {
        return await query(id);
      } finally {
        span.end();
      }
    });

  for (let warm = 0; warm < 500; warm += 1) await oneRequest(String(1 + (warm % 3)));
  await provider?.forceFlush();
  spans = 0;
  const cpuBefore = process.cpuUsage();
  const started = performance.now();
  let next = 0;
  await Promise.all(
    Array.from({ length: CONCURRENCY }, async () => {
      while (next < QUERIES) {
        next += 1;
        await oneRequest(String(1 + (next % 3)));
      }
    }),
  );
  await provider?.forceFlush();
  const seconds = (performance.now() - started) / 1000;
  const cpu = process.cpuUsage(cpuBefore);
  await pool.end();
  await provider?.shutdown();
  return {
    variant,
    cpuMicrosPerQuery: (cpu.user + cpu.system) / QUERIES,
    queriesPerSecond: QUERIES / seconds,
    // The parent "request" span is the same in every traced variant; count what the database adds.
    spansPerQuery: provider ? spans / QUERIES - 1 : 0,
    shape,
  };
}

async function main(): Promise<void> {
  const child = process.argv.find((arg) => arg.startsWith('--child='));
  if (child) {
    const [variant, url] = child.slice('--child='.length).split('|') as [Variant, string];
    console.log(JSON.stringify(await runVariant(variant, url)));
    return;
  }
  await assertPortFree(POSTGRES_PORT, '127.0.0.1', 'the bench’s PostgreSQL');
  const cluster = new PostgresCluster(POSTGRES_PORT, ['bench']);
  await cluster.start();
  try {
    const url = cluster.url('bench');
    const pg = createRequire(__filename)('pg') as typeof import('pg');
    const setup = new pg.Client({ connectionString: url });
    await setup.connect();
    await setup.query(
      "CREATE TABLE users (id TEXT PRIMARY KEY, name TEXT NOT NULL, email TEXT NOT NULL); INSERT INTO users VALUES ('1', 'Ada', 'ada@example.com'), ('2', 'Grace', 'grace@example.com'), ('3', 'Linus', 'linus@example.com')",
    );
    await setup.end();

    const samples = new Map<Variant, Sample[]>(VARIANTS.map((variant) => [variant, []]));
    for (let round = 0; round < ROUNDS; round += 1) {
      for (const variant of [...VARIANTS.slice(round % 3), ...VARIANTS.slice(0, round % 3)]) {
        const output = execFileSync(process.execPath, [require.resolve('tsx/cli'), __filename, `--child=${variant}|${url}`], {
          encoding: 'utf8',
          env: { ...process.env, OTEL_SDK_DISABLED: undefined },
        });
        const sample = JSON.parse(output.trim().split('\n').at(-1)!) as Sample;
        samples.get(variant)!.push(sample);
        console.log(`[bench] round ${round + 1} ${variant}: ${fmt(sample.cpuMicrosPerQuery, 0)} µs CPU per query`);
      }
    }
    const untraced = median(samples.get('untraced')!.map((sample) => sample.cpuMicrosPerQuery));
    console.log('\n| Database spans | CPU µs per query | Added by tracing | Queries/s | Spans per query |');
    console.log('| --- | --- | --- | --- | --- |');
    for (const variant of VARIANTS) {
      const runs = samples.get(variant)!;
      const cpu = median(runs.map((sample) => sample.cpuMicrosPerQuery));
      console.log(
        `| ${variant} | ${fmt(cpu, 0)} | ${variant === 'untraced' ? '–' : `+${fmt(cpu - untraced, 0)}`} | ${fmt(median(runs.map((sample) => sample.queriesPerSecond)), 0)} | ${fmt(runs[0]!.spansPerQuery, 1)} |`,
      );
    }
    for (const variant of VARIANTS.slice(1)) {
      console.log(`\n${variant}: the spans of one query, as exported`);
      for (const [name, attributes] of Object.entries(samples.get(variant)![0]!.shape)) {
        if (name !== 'request') console.log(`  ${name}  ${JSON.stringify(attributes)}`);
      }
    }
  } finally {
    await cluster.stop();
  }
}

void main().catch((error: unknown) => {
  console.error(error);
  process.exit(1);
});
