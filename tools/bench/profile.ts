/**
 * npm run bench:profile [-- --seconds N]: where the CPU of both services goes under load, by component
 * (HTTP instrumentation, Next.js's own spans, span processors, redaction, baggage, metrics, OTLP
 * encoding, export, logs, …), with tracing on and off, pinned like production. Prints the tables and
 * writes them to docs/benchmarks-profile.md. Not part of npm test; issue #14.
 *
 * What is measured: two isolated stacks on the production build (tracing on at port offset 700,
 * tracing off, OTEL_SDK_DISABLED=true, at 750), each warmed with WARM_UP_REQUESTS orders and user
 * lookups. Then, one stack at a time, N seconds of POST /api/orders (8 connections) with the shop and
 * its user API profiled, and N seconds of GET /users/1 against each user API alone. The apps run on
 * the apps' core, Jaeger on the collector's, and this process (autocannon) on the load generator's
 * (tools/bench/cpu-affinity.ts). tools/bench/cpu-profile.ts turns each profile into sampled time
 * per component, and the tables give it per 1000 requests, so runs of different throughput compare;
 * under each table, the CPU time the process used meanwhile, from /proc, to hold the profile against.
 *
 * How exactly the load window is profiled: Node 20 refuses `--cpu-prof` in NODE_OPTIONS ("is not
 * allowed in NODE_OPTIONS"), and a --cpu-prof profile would cover the process's whole life (start-up
 * and warm-up too) anyway. Instead each app process gets `NODE_OPTIONS=--require <preload>`, the few
 * lines of threadline-cpu-profiler.cjs beside this file: they open an in-process inspector session
 * (node:inspector; the same V8 Profiler that --cpu-prof and DevTools use) and, on SIGUSR2, start the
 * profiler or stop it and write the profile into THREADLINE_CPU_PROFILE_DIR. No inspector port, no
 * WebSocket client (Node 20 has none without a flag; the only `ws` here is Next.js's private compiled
 * copy) and no dependency; isolated-stack.ts is unchanged, the preload arrives through its env overrides.
 * The profiles are kept in the temporary directory printed at the end (open them in Chrome DevTools),
 * with run.json, what the run measured: `npx tsx tools/bench/profile.ts --reanalyze <that directory>`
 * reads them again, e.g. after a change to the rules, and rewrites the document without loading the
 * machine again (or building: the npm script builds first).
 */
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { IsolatedStack } from '../../scripts/lib/isolated-stack';
import { runWithStacks } from './run-with-stacks';
import { pinnedLayout, pinProcessTree } from './cpu-affinity';
import {
  compareProfiles,
  comparisonMarkdown,
  PROFILER_PRELOAD_FILE,
  readCpuProfile,
  SourceResolver,
  summarizeProfile,
  type MeasuredProfile,
  type ProfileSummary,
  type ReferenceRow,
} from './cpu-profile';
import { CONNECTIONS, fmt, ORDER, pinnedVersion } from './harness';
import { runHttpBurst, type HttpBurstResult } from './http-burst';
import { cpuSeconds } from './stats';

const repoRoot = path.resolve(__dirname, '..', '..');
const WARM_UP_REQUESTS = 300;
const PROFILE_DIR_VARIABLE = 'THREADLINE_CPU_PROFILE_DIR';
/** Read by the preload (threadline-cpu-profiler.cjs), with the directory above. */
const PROFILE_INTERVAL_VARIABLE = 'THREADLINE_CPU_PROFILE_INTERVAL_US';
const RUN_FILE = 'run.json';
/** V8's sampling interval, microseconds: the --cpu-prof default. */
const SAMPLING_INTERVAL_US = 1000;

type Variant = 'on' | 'off';
type AppService = 'web' | 'user-api';
const VARIANTS: readonly Variant[] = ['on', 'off'];

/** The value of `--name value` or `--name=value`, if given. */
function option(args: readonly string[], name: string): string | undefined {
  const index = args.findIndex((arg) => arg === name || arg.startsWith(`${name}=`));
  if (index === -1) return undefined;
  return args[index]!.includes('=') ? args[index]!.slice(name.length + 1) : args[index + 1];
}

function secondsFromArgs(args: readonly string[]): number {
  const raw = option(args, '--seconds');
  if (raw === undefined) return 10;
  const seconds = Number(raw);
  if (!Number.isFinite(seconds) || seconds <= 0) throw new Error(`--seconds must be a positive number, not "${raw}"`);
  return seconds;
}

/** CPU milliseconds a process has used, in its main thread and in all its threads (utime + stime, /proc on Linux). */
interface CpuTime {
  mainThreadMs: number;
  processMs: number;
}

function cpuTime(pid: number): CpuTime | undefined {
  try {
    return {
      mainThreadMs: cpuSeconds(pid, { mainThreadOnly: true }) * 1000,
      processMs: cpuSeconds(pid) * 1000,
    };
  } catch {
    return undefined;
  }
}

/** One app process that can be profiled: where its profiles go and how many it has written. */
class ProfiledProcess {
  private taken = 0;
  private cpuAtStart: CpuTime | undefined;

  constructor(
    readonly stack: IsolatedStack,
    readonly service: AppService,
    readonly dir: string,
  ) {}

  private pid(): number {
    const pid = this.stack.pid(this.service);
    if (pid === undefined) throw new Error(`${this.service} of ${this.stack.name} is not running`);
    return pid;
  }

  async start(): Promise<void> {
    process.kill(this.pid(), 'SIGUSR2');
    await this.waitFor(`started-${this.taken}`);
    this.cpuAtStart = cpuTime(this.pid());
  }

  /** Stops the profiler; returns the profile's file and the CPU time the process used while it ran. */
  async stop(): Promise<{ file: string; cpu: CpuTime | undefined }> {
    const end = cpuTime(this.pid());
    const begin = this.cpuAtStart;
    process.kill(this.pid(), 'SIGUSR2');
    const file = await this.waitFor(`profile-${this.taken}.cpuprofile`);
    this.taken++;
    const cpu =
      begin && end
        ? { mainThreadMs: end.mainThreadMs - begin.mainThreadMs, processMs: end.processMs - begin.processMs }
        : undefined;
    return { file, cpu };
  }

  private async waitFor(name: string, timeoutMs = 60_000): Promise<string> {
    const file = path.join(this.dir, name);
    const deadline = Date.now() + timeoutMs;
    while (!fs.existsSync(file)) {
      if (Date.now() > deadline)
        throw new Error(`${this.service} of ${this.stack.name} wrote no ${name} within ${timeoutMs / 1000} s`);
      await new Promise((resolve) => setTimeout(resolve, 25));
    }
    return file;
  }
}

/** One profile of one process, and what it was taken during. */
interface Taken {
  load: HttpBurstResult;
  file: string;
  cpu: CpuTime | undefined;
}

/** What a run measured, kept beside its profiles (run.json) so they can be read again. */
interface RunRecord {
  date: string;
  seconds: number;
  pinning: string;
  tookSeconds: number;
  phases: Array<{
    title: string;
    /** What a request is in this phase, for the table's unit. */
    unit: string;
    /** Per variant: the load, the profile (relative to run.json) taken while it ran, and the process's CPU time meanwhile. */
    measured: Record<Variant, Taken>;
  }>;
}

/** Profiles `targets` for exactly the duration of `load`; one profile per target, in the targets' order. */
async function profiled(targets: readonly ProfiledProcess[], load: () => Promise<HttpBurstResult>): Promise<Taken[]> {
  for (const target of targets) await target.start();
  const outcome = await load().then(
    (result) => ({ result }),
    (error: unknown) => ({ error }),
  );
  // Stopped even when the load failed, so that no profiler is left running.
  const taken: Array<{ file: string; cpu: CpuTime | undefined }> = [];
  for (const target of targets) taken.push(await target.stop());
  if ('error' in outcome) throw outcome.error;
  return taken.map((profile) => ({ ...profile, load: outcome.result }));
}

/** Starts the stacks, pins, warms up, profiles every phase, stops the stacks; returns the run's directory. */
async function measure(seconds: number): Promise<string> {
  const started = Date.now();
  const tmp = fs.mkdtempSync(path.join(os.tmpdir(), 'threadline-profile-'));
  const preload = path.join(__dirname, PROFILER_PRELOAD_FILE);
  const profilerEnv = (dir: string) => {
    fs.mkdirSync(dir, { recursive: true });
    const inherited = process.env.NODE_OPTIONS?.trim();
    return {
      NODE_OPTIONS: `${inherited ? `${inherited} ` : ''}--require=${preload}`,
      [PROFILE_DIR_VARIABLE]: dir,
      [PROFILE_INTERVAL_VARIABLE]: String(SAMPLING_INTERVAL_US),
    };
  };

  const processes = {} as Record<Variant, Record<AppService, ProfiledProcess>>;
  const stacks = {} as Record<Variant, IsolatedStack>;
  for (const variant of VARIANTS) {
    const off: Record<string, string> = variant === 'off' ? { OTEL_SDK_DISABLED: 'true' } : {};
    const dirs = { web: path.join(tmp, variant, 'web'), 'user-api': path.join(tmp, variant, 'user-api') };
    const stack = new IsolatedStack(`profile-${variant}`, variant === 'on' ? 700 : 750, {
      web: { ...off, ...profilerEnv(dirs.web) },
      'user-api': { ...off, ...profilerEnv(dirs['user-api']) },
    });
    stacks[variant] = stack;
    processes[variant] = {
      web: new ProfiledProcess(stack, 'web', dirs.web),
      'user-api': new ProfiledProcess(stack, 'user-api', dirs['user-api']),
    };
  }

  try {
    console.log('Starting the stacks: tracing on (port offset 700) and off (750)');
    for (const variant of VARIANTS) await stacks[variant].startAll();

    const layout = pinnedLayout();
    let pinning: string;
    if (layout) {
      for (const stack of Object.values(stacks)) {
        for (const service of ['web', 'user-api'] as const) pinProcessTree(stack.pid(service)!, layout.apps);
        const jaeger = stack.pid('jaeger');
        if (jaeger !== undefined) pinProcessTree(jaeger, layout.collector);
      }
      pinProcessTree(process.pid, layout.load);
      pinning = `pinned like production: the apps on CPU ${layout.apps}, Jaeger on CPU ${layout.collector}, the load generator on CPU ${layout.load}`;
    } else {
      pinning = 'not pinned (no taskset, or one CPU): apps, Jaeger and the load generator share every core';
    }
    console.log(pinning.charAt(0).toUpperCase() + pinning.slice(1));

    const orderLoad = (variant: Variant) =>
      ({ url: `${stacks[variant].shopUrl}/api/orders`, method: 'POST', body: ORDER, connections: CONNECTIONS }) as const;
    const lookupLoad = (variant: Variant) => ({ url: `${stacks[variant].userApiUrl}/users/1`, connections: CONNECTIONS });
    for (const variant of VARIANTS) {
      console.log(`Warming up tracing ${variant}: ${WARM_UP_REQUESTS} orders and ${WARM_UP_REQUESTS} user lookups`);
      await runHttpBurst({ ...orderLoad(variant), amount: WARM_UP_REQUESTS });
      await runHttpBurst({ ...lookupLoad(variant), amount: WARM_UP_REQUESTS });
    }

    const orders = {} as Record<Variant, { web: Taken; userApi: Taken }>;
    for (const variant of VARIANTS) {
      console.log(`Profiling tracing ${variant}: POST /api/orders for ${seconds} s`);
      const { web, 'user-api': userApi } = processes[variant];
      const [webProfile, userApiProfile] = await profiled([web, userApi], () =>
        runHttpBurst({ ...orderLoad(variant), durationSeconds: seconds }),
      );
      orders[variant] = { web: webProfile!, userApi: userApiProfile! };
    }
    const lookups = {} as Record<Variant, Taken>;
    for (const variant of VARIANTS) {
      console.log(`Profiling tracing ${variant}: GET /users/1 on the user API alone for ${seconds} s`);
      const [profile] = await profiled([processes[variant]['user-api']], () =>
        runHttpBurst({ ...lookupLoad(variant), durationSeconds: seconds }),
      );
      lookups[variant] = profile!;
    }

    const byVariant = (pick: (variant: Variant) => Taken) =>
      Object.fromEntries(
        VARIANTS.map((variant) => [variant, { ...pick(variant), file: path.relative(tmp, pick(variant).file) }]),
      ) as RunRecord['phases'][number]['measured'];
    const run: RunRecord = {
      date: new Date().toISOString().slice(0, 10),
      seconds,
      pinning,
      tookSeconds: (Date.now() - started) / 1000,
      phases: [
        {
          title: 'Shop (web tier), POST /api/orders',
          unit: 'orders',
          measured: byVariant((variant) => orders[variant].web),
        },
        {
          title: 'User API, while serving those orders',
          unit: 'orders',
          measured: byVariant((variant) => orders[variant].userApi),
        },
        {
          title: 'User API alone, GET /users/1',
          unit: 'requests',
          measured: byVariant((variant) => lookups[variant]),
        },
      ],
    };
    fs.writeFileSync(path.join(tmp, RUN_FILE), `${JSON.stringify(run, null, 2)}\n`);
    return tmp;
  } finally {
    await Promise.all(VARIANTS.map((variant) => stacks[variant].stopAll()));
  }
}

function machine(): string {
  const dependency = pinnedVersion;
  return [
    `- Node.js ${process.version}, ${os.cpus().length} × ${os.cpus()[0]?.model ?? 'CPU'}, ${os.type()} ${os.release()}`,
    `- Next.js ${dependency('next')}, @vercel/otel ${dependency('@vercel/otel')}, OpenTelemetry JS ${dependency('@opentelemetry/sdk-trace-base')} / ${dependency('@opentelemetry/sdk-node')}`,
    `- Load: autocannon ${dependency('autocannon')}, ${CONNECTIONS} connections on loopback; V8 sampling every ${SAMPLING_INTERVAL_US} µs`,
  ].join('\n');
}

type Measured = MeasuredProfile & Pick<Taken, 'load' | 'cpu'>;

function loadLine(variant: Variant, { load, summary, cpu }: Measured, unit: string): string {
  const failed = load.failed > 0 ? `, **${load.failed} failed**` : '';
  const cpuUsed = cpu
    ? `; the process used ${fmt(cpu.mainThreadMs / 1000, 2)} s of CPU in its main thread and ${fmt(cpu.processMs / 1000, 2)} s in all threads (/proc)`
    : '';
  return `tracing ${variant}: ${load.completed} ${unit} in ${fmt(load.seconds)} s (${fmt(load.completed / load.seconds, 0)}/s${failed}); of the profiled ${fmt(summary.wallMs / 1000, 2)} s the main thread was not idle for ${fmt(summary.totalMs / 1000, 2)} s${cpuUsed}`;
}

/** The process's CPU time from /proc per 1000 requests, to hold the profile's total against. */
function cpuReferences(measured: Record<Variant, Measured>): ReferenceRow[] {
  const { on, off } = measured;
  if (!on.cpu || !off.cpu) return [];
  const per1000 = (ms: number, requests: number) => (1000 * ms) / requests;
  return [
    {
      label: 'CPU of the main thread (/proc)',
      on: per1000(on.cpu.mainThreadMs, on.requests),
      off: per1000(off.cpu.mainThreadMs, off.requests),
    },
    {
      label: 'CPU of all its threads (/proc)',
      on: per1000(on.cpu.processMs, on.requests),
      off: per1000(off.cpu.processMs, off.requests),
    },
  ];
}

function unmappedLine(summaries: readonly ProfileSummary[]): string | undefined {
  const ms = summaries.reduce((sum, summary) => sum + summary.unmappedMs, 0);
  if (ms === 0) return undefined;
  const files = [...new Set(summaries.flatMap((summary) => summary.unmappedFiles))].map((file) => path.relative(repoRoot, file));
  return `Frames of bundles their source maps could not place (${fmt(ms)} ms, counted as application): ${files.join(', ')}.`;
}

/** The deciding sources of each component in one profile, to check the rules by: console only. */
function printSources(label: string, summary: ProfileSummary): void {
  console.log(`\nDeciding sources, ${label}:`);
  for (const row of summary.rows) {
    const sources = row.topSources.map(
      ({ source, ms }) => `${path.isAbsolute(source) ? path.relative(repoRoot, source) : source} ${fmt(ms)} ms`,
    );
    console.log(`  ${row.component} (${fmt(row.ms)} ms): ${sources.join('; ')}`);
  }
}

/** Reads a run's profiles, prints the tables and writes docs/benchmarks-profile.md. */
function report(dir: string): void {
  const run = JSON.parse(fs.readFileSync(path.join(dir, RUN_FILE), 'utf8')) as RunRecord;
  console.log(`Reading the profiles in ${dir} and their source maps`);
  const resolver = new SourceResolver();
  const sections = run.phases.map((phase) => {
    const measured = Object.fromEntries(
      VARIANTS.map((variant) => {
        const { load, file, cpu } = phase.measured[variant];
        const summary = summarizeProfile(readCpuProfile(path.join(dir, file)), { resolver });
        printSources(`${phase.title}, tracing ${variant}`, summary);
        return [variant, { load, cpu, summary, requests: load.completed }];
      }),
    ) as Record<Variant, Measured>;
    const unmapped = unmappedLine(VARIANTS.map((variant) => measured[variant].summary));
    return [
      `## ${phase.title}`,
      '',
      `Milliseconds of profile per 1000 ${phase.unit}; the last two rows are CPU time from /proc.`,
      '',
      ...VARIANTS.map((variant) => `- ${loadLine(variant, measured[variant], phase.unit)}`),
      '',
      comparisonMarkdown(compareProfiles(measured.on, measured.off), cpuReferences(measured)),
      ...(unmapped ? ['', unmapped] : []),
    ].join('\n');
  });

  const command = `npm run bench:profile${run.seconds === 10 ? '' : ` -- --seconds ${run.seconds}`}`;
  const document = [
    '# CPU profiles by component',
    '',
    `Measured ${run.date} with \`${command}\` (${fmt(run.tookSeconds, 0)} s): ${run.seconds} s of load per profile, one stack at a time, after ${WARM_UP_REQUESTS} unmeasured orders and user lookups, against the production build; ${run.pinning}. Tracing off means \`OTEL_SDK_DISABLED=true\` for both services; Jaeger runs in both cases.`,
    '',
    machine(),
    '',
    'Each sample is counted for the first frame, from the innermost outwards, that comes from a source of its own (resolved through the source maps of `.next/server` and `services/user-api/dist`): time in Node’s internals counts for the code that called them, except undici (behind `fetch`) and async_hooks (which carries AsyncLocalStorage’s context, OpenTelemetry’s and Next.js’s, into every promise), which have rows of their own. “Difference” is what tracing adds per 1000 requests; “On: in its own code” is the part of the tracing-on figure spent in the component’s own functions rather than in Node internals it called. V8 samples by the clock, not by CPU time: a sample stands for the time since the one before, so the rows include time inside system calls (mostly socket writes: `writev`, `writeLatin1String`, `writeUtf8String` are the commonest innermost frames) and any time the main thread was not running, and the profile’s total comes out well above the CPU the process used. That CPU, from /proc, is under each table for comparison; it includes the profiler’s own sampling, which shows in a nearly idle process: some 0.6–0.8 s of CPU per 10 s. The rows that are mostly their components’ own code (the last column) are the ones to read most closely. The rules: [tools/bench/cpu-profile.ts](../tools/bench/cpu-profile.ts); the run: [tools/bench/profile.ts](../tools/bench/profile.ts).',
    '',
    ...sections.flatMap((section) => [section, '']),
  ].join('\n');
  console.log(`\n${document}`);
  fs.writeFileSync(path.join(repoRoot, 'docs', 'benchmarks-profile.md'), document);
  console.log(`Wrote docs/benchmarks-profile.md. The profiles (open them in Chrome DevTools): ${dir}`);
}

async function main(): Promise<void> {
  const args = process.argv.slice(2);
  const again = option(args, '--reanalyze');
  report(again ?? (await measure(secondsFromArgs(args))));
}

runWithStacks(main);
