/**
 * npm run bench:replicas: what a second replica and PostgreSQL change, on this machine. Four stacks,
 * all traced as in production, each with its own Jaeger and user API:
 *
 *   sqlite-1    the shop on SQLite, one web process (what `npm start` runs)
 *   postgres-1  the same on PostgreSQL (a cluster of the bench's own)
 *   balanced-1  PostgreSQL, one web process behind haproxy
 *   balanced-2  PostgreSQL, two web processes behind haproxy (the team topology, without Docker)
 *
 * Rounds alternate between the stacks; each figure is the median round. Orders run closed-loop (as
 * fast as they are answered) on 8 connections; CPU is read per process tree from /proc, so "CPU per
 * order" counts every process of the stack (both web replicas, the user API, PostgreSQL's backends,
 * haproxy, Jaeger). Everything shares the machine's cores: the table says how many were busy.
 * Needs Debian's postgresql, and haproxy for the balanced rows (apt-get install haproxy).
 */
import { spawn, spawnSync, type ChildProcess } from 'node:child_process';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { PostgresCluster } from '@threadline/service-kit/testing';
import type { ManagedProcess } from '../../scripts/lib/child-process';
import { IsolatedStack } from '../../scripts/lib/isolated-stack';
import { assertPortFree } from '../../scripts/lib/port';
import { startWeb } from '../../scripts/lib/stack-services';
import { waitForHttp } from '../../scripts/lib/wait-for-http';
import { descendants } from './cpu-affinity';
import { CONNECTIONS, fmt, ORDER } from './harness';
import { runHttpBurst } from './http-burst';
import { cpuSeconds, median } from './stats';

const POSTGRES_PORT = 55433;
const quick = process.argv.includes('--quick');
const ROUNDS = quick ? 1 : 3;
const SECONDS = quick ? 5 : 15;
const WARM_UP_ORDERS = quick ? 100 : 400;

interface Variant {
  name: string;
  engine: 'SQLite' | 'PostgreSQL';
  webReplicas: number;
  balanced: boolean;
  stack: IsolatedStack;
  /** Where its orders go: the web process itself, or haproxy in front. */
  url: string;
  /** Process trees whose CPU counts for the stack, by role. */
  processes: Map<string, number[]>;
  extra: { webs: ManagedProcess[]; haproxy?: ChildProcess; haproxyDir?: string };
}

interface Round {
  ordersPerSecond: number;
  p50Ms: number;
  p99Ms: number;
  cpuMsPerOrder: Record<string, number>;
  busyCores: number;
  failed: number;
}

function treeCpuSeconds(pids: readonly number[]): number {
  let total = 0;
  for (const pid of pids) {
    for (const member of [pid, ...descendants(pid)]) {
      try {
        // With the children it reaped: a PostgreSQL worker that ended meanwhile is in the postmaster's count.
        total += cpuSeconds(member, { reapedChildren: true });
      } catch {
        // Ended between the listing and the read: its parent counts it once it reaps it.
      }
    }
  }
  return total;
}

function haproxyAvailable(): boolean {
  return spawnSync('haproxy', ['-v'], { stdio: 'ignore' }).status === 0;
}

/** haproxy on loopback in front of the web processes, as deploy/team/haproxy.cfg is in compose. */
async function startHaproxy(port: number, webPorts: readonly number[]): Promise<{ child: ChildProcess; dir: string }> {
  await assertPortFree(port, '127.0.0.1', 'haproxy');
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'threadline-haproxy-'));
  const config = [
    'defaults',
    '  mode http',
    '  timeout connect 2s',
    '  timeout client 60s',
    '  timeout server 60s',
    'frontend shop',
    `  bind 127.0.0.1:${port}`,
    '  option forwardfor',
    '  default_backend web',
    'backend web',
    '  balance roundrobin',
    ...webPorts.map((webPort, index) => `  server web-${index + 1} 127.0.0.1:${webPort}`),
    '',
  ].join('\n');
  fs.writeFileSync(path.join(dir, 'haproxy.cfg'), config);
  const child = spawn('haproxy', ['-W', '-db', '-f', path.join(dir, 'haproxy.cfg')], { stdio: 'ignore' });
  await waitForHttp(`http://127.0.0.1:${port}/api/health`, { timeoutMs: 20_000 });
  return { child, dir };
}

async function startVariant(
  name: string,
  offset: number,
  options: { postgres?: string; webReplicas: number; balanced: boolean },
): Promise<Variant> {
  // The balancer is the web's only client: it is trusted to name the load generator.
  const web: Record<string, string> = options.balanced ? { TRUSTED_PROXIES: '127.0.0.1' } : {};
  const stack = new IsolatedStack(name, offset, { web }, undefined, true, options.postgres);
  await stack.startAll();
  const webs: ManagedProcess[] = [];
  const webPorts = [stack.settings.webPort];
  for (let replica = 2; replica <= options.webReplicas; replica += 1) {
    const settings = {
      ...stack.settings,
      webPort: stack.settings.webPort + 10 * (replica - 1),
      webMetricsPort: stack.settings.webMetricsPort + 10 * (replica - 1),
    };
    webs.push(
      await startWeb(settings, { ...stack.envFor('web'), METRICS_PORT: String(settings.webMetricsPort) }, { echo: false }),
    );
    webPorts.push(settings.webPort);
  }
  const balancer = options.balanced ? await startHaproxy(stack.settings.webPort + 5, webPorts) : undefined;
  const processes = new Map<string, number[]>([
    ['web', [stack.pid('web')!, ...webs.map((process) => process.child.pid!)]],
    ['user-api', [stack.pid('user-api')!]],
    ['jaeger', [stack.pid('jaeger')!]],
  ]);
  if (balancer) processes.set('haproxy', [balancer.child.pid!]);
  return {
    name,
    engine: options.postgres ? 'PostgreSQL' : 'SQLite',
    webReplicas: options.webReplicas,
    balanced: options.balanced,
    stack,
    url: balancer ? `http://127.0.0.1:${stack.settings.webPort + 5}` : stack.shopUrl,
    processes,
    extra: { webs, haproxy: balancer?.child, haproxyDir: balancer?.dir },
  };
}

async function stopVariant(variant: Variant): Promise<void> {
  variant.extra.haproxy?.kill('SIGUSR1');
  await Promise.all(variant.extra.webs.map((web) => web.stop()));
  await variant.stack.stopAll();
  if (variant.extra.haproxyDir) fs.rmSync(variant.extra.haproxyDir, { recursive: true, force: true });
}

async function measure(variant: Variant, postgresPid: number | undefined): Promise<Round> {
  const roles = new Map(variant.processes);
  if (variant.engine === 'PostgreSQL' && postgresPid) roles.set('postgres', [postgresPid]);
  const before = new Map([...roles].map(([role, pids]) => [role, treeCpuSeconds(pids)]));
  const started = performance.now();
  const result = await runHttpBurst({
    url: `${variant.url}/api/orders`,
    method: 'POST',
    body: ORDER,
    connections: CONNECTIONS,
    durationSeconds: SECONDS,
  });
  const wallSeconds = (performance.now() - started) / 1000;
  const cpuMsPerOrder: Record<string, number> = {};
  let totalCpu = 0;
  for (const [role, pids] of roles) {
    const used = treeCpuSeconds(pids) - before.get(role)!;
    totalCpu += used;
    cpuMsPerOrder[role] = (used * 1000) / Math.max(1, result.completed);
  }
  cpuMsPerOrder.total = (totalCpu * 1000) / Math.max(1, result.completed);
  return {
    ordersPerSecond: result.completed / wallSeconds,
    p50Ms: result.p50Ms,
    p99Ms: result.p99Ms,
    cpuMsPerOrder,
    busyCores: totalCpu / wallSeconds,
    failed: result.failed,
  };
}

async function main(): Promise<void> {
  const cluster = new PostgresCluster(POSTGRES_PORT, []);
  await assertPortFree(POSTGRES_PORT, '127.0.0.1', 'the bench’s PostgreSQL');
  await cluster.start();
  const server = cluster.url('postgres');
  const variants: Variant[] = [];
  try {
    variants.push(await startVariant('replicas-sqlite-1', 820, { webReplicas: 1, balanced: false }));
    variants.push(await startVariant('replicas-postgres-1', 840, { postgres: server, webReplicas: 1, balanced: false }));
    if (haproxyAvailable()) {
      variants.push(await startVariant('replicas-balanced-1', 860, { postgres: server, webReplicas: 1, balanced: true }));
      variants.push(await startVariant('replicas-balanced-2', 880, { postgres: server, webReplicas: 2, balanced: true }));
    } else {
      console.log('[bench] haproxy is not installed (apt-get install haproxy): the balanced rows are left out.');
    }
    for (const variant of variants) {
      await runHttpBurst({
        url: `${variant.url}/api/orders`,
        method: 'POST',
        body: ORDER,
        connections: CONNECTIONS,
        amount: WARM_UP_ORDERS,
      });
    }
    const rounds = new Map<string, Round[]>(variants.map((variant) => [variant.name, []]));
    for (let round = 0; round < ROUNDS; round += 1) {
      // A rotated order, so no stack always runs first (or last) in a round.
      for (const variant of [...variants.slice(round % variants.length), ...variants.slice(0, round % variants.length)]) {
        const measured = await measure(variant, cluster.pid);
        rounds.get(variant.name)!.push(measured);
        console.log(
          `[bench] round ${round + 1} ${variant.name}: ${fmt(measured.ordersPerSecond, 0)} orders/s, ${fmt(measured.cpuMsPerOrder.total!, 2)} CPU ms/order`,
        );
      }
    }
    console.log(`\n${table(variants, rounds)}`);
  } finally {
    for (const variant of variants) await stopVariant(variant).catch(() => undefined);
    await cluster.stop();
  }
}

function table(variants: readonly Variant[], rounds: Map<string, Round[]>): string {
  const header =
    '| Stack | Database | Web replicas | Balancer | Orders/s | p50 / p99 (ms) | CPU ms per order: web / user API / PostgreSQL / haproxy / Jaeger | CPU ms per order, all | Cores busy | Orders/s per busy core | Failed |';
  const lines = variants.map((variant) => {
    const measured = rounds.get(variant.name)!;
    const middle = (pick: (round: Round) => number) => median(measured.map(pick));
    const cpu = (role: string) =>
      variant.processes.has(role) || role === 'postgres'
        ? fmt(
            middle((r) => r.cpuMsPerOrder[role] ?? 0),
            2,
          )
        : '–';
    const postgresCpu = variant.engine === 'PostgreSQL' ? cpu('postgres') : '–';
    return `| ${variant.name} | ${variant.engine} | ${variant.webReplicas} | ${variant.balanced ? 'haproxy' : 'none'} | ${fmt(
      middle((r) => r.ordersPerSecond),
      0,
    )} | ${fmt(
      middle((r) => r.p50Ms),
      0,
    )} / ${fmt(
      middle((r) => r.p99Ms),
      0,
    )} | ${cpu('web')} / ${cpu('user-api')} / ${postgresCpu} / ${cpu('haproxy')} / ${cpu('jaeger')} | ${fmt(
      middle((r) => r.cpuMsPerOrder.total!),
      2,
    )} | ${fmt(
      middle((r) => r.busyCores),
      2,
    )} of ${os.availableParallelism()} | ${fmt(
      middle((r) => r.ordersPerSecond / r.busyCores),
      0,
    )} | ${measured.reduce((sum, r) => sum + r.failed, 0)} |`;
  });
  return [header, `|${' --- |'.repeat(11)}`, ...lines].join('\n');
}

void main().catch((error: unknown) => {
  console.error(error);
  process.exit(1);
});
