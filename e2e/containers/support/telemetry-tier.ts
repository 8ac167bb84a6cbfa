import { docker, run } from './docker-cli';
import type { ComposeProject } from './compose-project';

/**
 * Readings of compose.team.yaml's telemetry tier, taken the way an operator would: Kafka's own admin
 * tool for the ingester's lag, `docker stats` for memory, Prometheus's and Jaeger's HTTP APIs.
 */

/** The consumer group deploy/team/ingester.yaml reads with. */
export const INGESTER_GROUP = 'jaeger-ingester';
export const INGESTER_TOPIC = 'jaeger-spans';

/**
 * Messages written to the topic and not yet stored by the ingester, summed over partitions, or
 * undefined while Kafka does not answer. A group that never committed (an ingester stopped before its
 * first commit) is not known to Kafka: it will read the topic from the start, so all of it is owed.
 */
export function ingesterLag(project: ComposeProject): number | undefined {
  const kafka = project.containerOf('kafka');
  const described = run('docker', [
    'exec',
    kafka,
    '/opt/kafka/bin/kafka-consumer-groups.sh',
    ...['--bootstrap-server', 'localhost:9092', '--describe', '--group', INGESTER_GROUP],
  ]);
  if (described.status !== 0) return undefined;
  if (!/GroupIdNotFound/.test(described.stdout + described.stderr)) return parseConsumerGroupLag(described.stdout);
  const offsets = run('docker', [
    'exec',
    kafka,
    '/opt/kafka/bin/kafka-get-offsets.sh',
    ...['--bootstrap-server', 'localhost:9092', '--topic', INGESTER_TOPIC],
  ]);
  return offsets.status === 0 ? parseTopicEndOffsets(offsets.stdout) : undefined;
}

/** The sum of `kafka-get-offsets.sh` output's `topic:partition:offset` lines: every message the topic holds. */
export function parseTopicEndOffsets(listed: string): number | undefined {
  const ends = listed.split('\n').flatMap((line) => /^[^:\s]+:\d+:(\d+)$/.exec(line.trim())?.[1] ?? []);
  return ends.length > 0 ? ends.reduce((sum, end) => sum + Number(end), 0) : undefined;
}

/** The summed lag of `kafka-consumer-groups.sh --describe` output, or undefined when it holds no table. */
export function parseConsumerGroupLag(described: string): number | undefined {
  const lines = described.split('\n').filter((line) => line.trim());
  const header = lines.findIndex((line) => /\bLAG\b/.test(line));
  if (header < 0) return undefined;
  const columns = lines[header]!.trim().split(/\s+/);
  const [current, end] = [columns.indexOf('CURRENT-OFFSET'), columns.indexOf('LOG-END-OFFSET')];
  let lag = 0;
  for (const line of lines.slice(header + 1)) {
    const fields = line.trim().split(/\s+/);
    const [committed, written] = [fields[current], Number(fields[end])];
    if (!Number.isInteger(written)) return undefined;
    // A partition the group never committed on ("-") still owes everything written to it.
    lag += written - (committed === '-' ? 0 : Number(committed));
  }
  return lag;
}

/** Waits until the ingester has stored everything in the topic; returns how long that took. */
export async function waitForDrainedTopic(project: ComposeProject, timeoutMs: number): Promise<number> {
  const started = Date.now();
  let lag: number | undefined;
  while (Date.now() - started < timeoutMs) {
    lag = ingesterLag(project);
    if (lag === 0) return Date.now() - started;
    await new Promise((resolve) => setTimeout(resolve, 1000));
  }
  throw new Error(`the ingester's lag was still ${lag ?? 'unknown'} after ${timeoutMs / 1000} s`);
}

/** Resident memory of each of the project's running containers, in MiB, as `docker stats` reads it. */
export function memoryByService(project: ComposeProject): Record<string, number> {
  const memory: Record<string, number> = {};
  for (const service of project.services) {
    const reading = docker(['stats', '--no-stream', '--format', '{{.MemUsage}}', project.containerOf(service)]);
    memory[service] = mebibytes(reading.split('/')[0]!.trim());
  }
  return memory;
}

const UNIT_MIB: Record<string, number> = {
  B: 1 / 1048576,
  KiB: 1 / 1024,
  MiB: 1,
  GiB: 1024,
  kB: 1 / 1048.576,
  MB: 0.953674,
  GB: 953.674,
};

/** "512.3MiB" → 512.3 */
export function mebibytes(reading: string): number {
  const match = /^([\d.]+)\s*([A-Za-z]+)$/.exec(reading);
  const factor = match ? UNIT_MIB[match[2]!] : undefined;
  if (!match || factor === undefined) throw new Error(`cannot read "${reading}" as an amount of memory`);
  return Math.round(Number(match[1]) * factor * 10) / 10;
}

/** A GET against a service inside the compose network, from a container that has wget. */
export function getInside(project: ComposeProject, from: string, url: string): string {
  return docker(['exec', project.containerOf(from), 'wget', '-q', '-O', '-', url]);
}

interface MonitorAnswer {
  metrics?: { labels: { name: string; value: string }[]; metricPoints: { gaugeValue?: { doubleValue: number } }[] }[];
}

/**
 * What Jaeger's Monitor tab shows for a service: its calls per second, error share and p95 latency,
 * each grouped by operation, over the last `lookbackMs`, read from the same endpoints the UI calls.
 */
export async function monitorTab(
  jaegerUrl: string,
  service: string,
  spanKind: 'server' | 'client' | 'internal',
  lookbackMs = 15 * 60_000,
): Promise<{ calls: Record<string, number>; errors: Record<string, number>; p95Ms: Record<string, number> }> {
  const read = async (metric: string, extra: Record<string, string> = {}) => {
    const query = new URLSearchParams({
      service,
      spanKind,
      groupByOperation: 'true',
      endTs: String(Date.now()),
      lookback: String(lookbackMs),
      step: '15000',
      ratePer: '60000',
      ...extra,
    });
    const response = await fetch(`${jaegerUrl}/api/metrics/${metric}?${query}`);
    if (!response.ok) throw new Error(`${metric} for ${service}: ${response.status} ${await response.text()}`);
    const answer = (await response.json()) as MonitorAnswer;
    const byOperation: Record<string, number> = {};
    for (const series of answer.metrics ?? []) {
      const operation = series.labels.find((label) => label.name === 'operation')?.value ?? '(all)';
      const values = series.metricPoints.flatMap((point) =>
        point.gaugeValue && Number.isFinite(point.gaugeValue.doubleValue) ? [point.gaugeValue.doubleValue] : [],
      );
      if (values.length > 0) byOperation[operation] = Math.max(...values);
    }
    return byOperation;
  };
  return { calls: await read('calls'), errors: await read('errors'), p95Ms: await read('latencies', { quantile: '0.95' }) };
}
