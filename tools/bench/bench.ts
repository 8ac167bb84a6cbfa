/**
 * npm run bench: what tracing costs, measured with tracing on and off in the same run (alternating),
 * on the production build, against isolated stacks on loopback. Prints one table and writes it, with
 * the machine, the versions and the command, to docs/benchmarks.md. Not part of npm test.
 * Each measurement is a module of tools/bench/; this file only runs them in order and reports.
 */
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { launchBrowser } from './browser';
import { measureBrowserCost } from './browser-cost';
import { measureClickToTrace } from './click-to-trace';
import { allCpus, pinnedLayout, pinProcessTree } from './cpu-affinity';
import { benchSizes, CONNECTIONS, fmt, markdownTable, pinnedVersion, type TableRow } from './harness';
import { hostileInputSection, measureHostileInput, type HostileInputResult } from './hostile-input';
import { exportCounts, exportRow, measureLossUnderLoad } from './loss-under-load';
import {
  cpuCostRow,
  latencyRow,
  measureOrderRounds,
  measureUserApiRounds,
  memoryRows,
  throughputRow,
  warmUp,
} from './order-path';
import { applyLayout, nothingSampledUserApi, stackForVariant } from './variants';
import { runWithStacks } from './run-with-stacks';

const repoRoot = path.resolve(__dirname, '..', '..');
const quick = process.argv.includes('--quick');
const sizes = benchSizes(quick);
/**
 * `--only=orders` or `--only=user-api`: one section, to try a change; the docs are not rewritten.
 * `--only=hostile-input`: the hostile-input rows alone, on their own stack; only their section of the docs is rewritten.
 */
const only = process.argv.find((arg) => arg.startsWith('--only='))?.slice('--only='.length);
if (only !== undefined && only !== 'orders' && only !== 'user-api' && only !== 'hostile-input') {
  throw new Error(`--only=${only}: use orders, user-api or hostile-input`);
}
const runs = (section: 'orders' | 'user-api' | 'rest') => only === undefined || only === section;
const command = `npm run bench${quick || only ? ' --' : ''}${quick ? ' --quick' : ''}${only ? ` --only=${only}` : ''}`;
const benchmarksDoc = path.join(repoRoot, 'docs', 'benchmarks.md');
const benchStarted = Date.now();

/** A progress line with the seconds since the run began, to see where the time goes. */
function phase(label: string): void {
  console.log(`[${fmt((Date.now() - benchStarted) / 1000, 0)} s] ${label}`);
}

function versions(): string {
  const dependency = pinnedVersion;
  return [
    `- Node.js ${process.version}, ${os.cpus().length} × ${os.cpus()[0]?.model ?? 'CPU'}, ${fmt(os.totalmem() / 2 ** 30, 0)} GiB, ${os.type()} ${os.release()}`,
    `- Next.js ${dependency('next')}, @vercel/otel ${dependency('@vercel/otel')}, OpenTelemetry JS ${dependency('@opentelemetry/sdk-trace-base')} / ${dependency('@opentelemetry/sdk-node')}, Jaeger (module) ${fs.readFileSync(path.join(repoRoot, 'tools/jaeger/go.mod'), 'utf8').match(/jaegertracing\/jaeger (v[\d.]+)/)?.[1]}`,
    `- Load: autocannon ${dependency('autocannon')}, ${CONNECTIONS} connections, on loopback; browser: Chromium via Playwright ${dependency('@playwright/test')}`,
  ].join('\n');
}

async function main(): Promise<void> {
  const started = Date.now();
  if (only === 'hostile-input') return finishHostileInputOnly(await measureHostileInput(sizes), started);
  const rows: TableRow[] = [];
  const stacks = {
    off: stackForVariant('off'),
    on: stackForVariant('on'),
    peer: stackForVariant('peer'),
    'on-without-acf': stackForVariant('on-without-acf'),
  };
  const nothingSampled = nothingSampledUserApi();
  const all = [...Object.values(stacks), nothingSampled];
  const browser = await launchBrowser();
  try {
    phase(
      'Starting the stacks: tracing off, Threadline (and again without AsyncContextFrame), peers’ defaults, and a user API that samples nothing',
    );
    for (const stack of Object.values(stacks)) await stack.startAll();
    await nothingSampled.start('user-api');
    phase('Warming up');
    await warmUp(Object.values(stacks), sizes);
    rows.push(...(await memoryRows(stacks.on, stacks.off, sizes)));

    // Production-like first: the collector on a core of its own, the load generator off the apps' core.
    const layout = pinnedLayout();
    const where = layout ? 'collector on its own core' : 'no taskset here: everything on shared cores';
    if (layout) {
      applyLayout(all, layout);
      pinProcessTree(process.pid, layout.load);
      console.log(`Pinned: apps on CPU ${layout.apps}, Jaeger and the load generator on CPU ${layout.collector}`);
    }
    phase('Production-like layout');
    if (runs('orders')) {
      const before = await exportCounts(stacks.on);
      const orders = await measureOrderRounds(stacks, ['off', 'on', 'peer', 'on-without-acf'], sizes);
      rows.push(throughputRow(`Order path throughput, ${where} (orders/s)`, orders.on, orders.off, 0.9));
      rows.push(cpuCostRow('Order path, apps’ CPU per order, same set-up (ms)', 'ms', orders.on, orders.off, 0.9));
      rows.push(latencyRow('Order path p50 latency, same set-up (ms)', (r) => r.p50Ms, orders.on, orders.off, 2));
      rows.push(latencyRow('Order path p99 latency, same set-up (ms)', (r) => r.p99Ms, orders.on, orders.off));
      rows.push(throughputRow('Order path throughput, peers’ defaults, same set-up (orders/s)', orders.peer, orders.off));
      rows.push(cpuCostRow('Order path, apps’ CPU per order, peers’ defaults (ms)', 'ms', orders.peer, orders.off));
      rows.push(
        cpuCostRow(
          'AsyncContextFrame’s share, traced order path: apps’ CPU per order, default vs `--no-async-context-frame` (ms)',
          'ms',
          orders.on,
          orders['on-without-acf'],
        ),
      );
      rows.push(exportRow('order path rounds', before, await exportCounts(stacks.on)));
    }
    if (runs('user-api')) {
      const before = await exportCounts(stacks.on);
      const lookups = await measureUserApiRounds(
        { ...stacks, 'nothing-sampled': nothingSampled },
        ['off', 'nothing-sampled', 'on', 'peer', 'on-without-acf'],
        { ...sizes, throughputSeconds: sizes.userApiSeconds },
      );
      const nothing = lookups['nothing-sampled'];
      rows.push(
        throughputRow('User API alone, GET /users/1, everything sampled, same set-up (req/s)', lookups.on, lookups.off, 0.85),
      );
      rows.push(cpuCostRow('User API alone, CPU per request, everything sampled (µs)', 'µs', lookups.on, lookups.off, 0.85));
      rows.push(throughputRow('User API alone, nothing sampled, same set-up (req/s)', nothing, lookups.off, 0.97));
      rows.push(cpuCostRow('User API alone, CPU per request, nothing sampled (µs)', 'µs', nothing, lookups.off, 0.97));
      rows.push(throughputRow('User API alone, peers’ defaults, same set-up (req/s)', lookups.peer, lookups.off));
      rows.push(cpuCostRow('User API alone, CPU per request, peers’ defaults (µs)', 'µs', lookups.peer, lookups.off));
      rows.push(
        cpuCostRow(
          'AsyncContextFrame’s share, user API alone, everything sampled: CPU per request, default vs `--no-async-context-frame` (µs)',
          'µs',
          lookups.on,
          lookups['on-without-acf'],
        ),
      );
      // The batch processor reports the spans its full queue dropped when the next span fits: send one.
      await fetch(`${stacks.on.userApiUrl}/users/1`);
      rows.push(exportRow('user API rounds', before, await exportCounts(stacks.on)));
    }
    if (!runs('rest')) return finish(rows, undefined, started);
    if (layout && sizes.sharedRounds > 0) {
      phase('Shared cores');
      applyLayout(all, { apps: allCpus(), collector: allCpus() });
      pinProcessTree(process.pid, allCpus());
      const shared = await measureOrderRounds(stacks, ['off', 'on'], { ...sizes, rounds: sizes.sharedRounds });
      rows.push(throughputRow('Order path throughput, apps and Jaeger sharing all cores (orders/s)', shared.on, shared.off));
    }
    // Before any browser has sent spans that could arrive during the counted window.
    phase('Spans lost, click to trace, browser cost');
    rows.push(await measureLossUnderLoad(stacks.on, sizes));
    rows.push(await measureClickToTrace(browser, stacks.on, sizes));
    rows.push(...(await measureBrowserCost(browser, stacks.on, stacks.off, sizes)));
  } finally {
    await browser.close();
    await Promise.all(all.map((stack) => stack.stopAll()));
  }
  // Last, on a stack of its own: a hostile request may leave its server busy for as long as it takes.
  phase('Hostile input');
  const hostile = await measureHostileInput(sizes);
  finish(rows, hostile, started);
}

const today = () => new Date().toISOString().slice(0, 10);
const secondsSince = (started: number) => fmt((Date.now() - started) / 1000, 0);

/** Prints the tables and, for a whole run, writes them with the notes to docs/benchmarks.md. */
function finish(rows: readonly TableRow[], hostile: HostileInputResult | undefined, started: number): void {
  const output = `${markdownTable(rows)}\n`;
  const hostileSection = hostile ? hostileInputSection(hostile, command, today()) : '';
  console.log(`\n${output}\n${hostileSection}\nTook ${secondsSince(started)} s.`);
  if (only !== undefined) return;
  const document = `# Benchmarks\n\nMeasured ${today()} with \`${command}\` (${secondsSince(started)} s), tracing on and off in the same run, alternating, against the production build.\n\n${versions()}\n\n${output}\nHow each figure is made: [tools/bench/bench.ts](../tools/bench/bench.ts). Tracing off means \`OTEL_SDK_DISABLED=true\` for both services (and so no browser tracing); Jaeger runs in both cases.\n${hostileSection && `\n${hostileSection}`}`;
  const notes = path.join(repoRoot, 'docs', 'benchmarks-notes.md');
  fs.writeFileSync(benchmarksDoc, document + (fs.existsSync(notes) ? `\n${fs.readFileSync(notes, 'utf8')}` : ''));
}

/** `--only=hostile-input`: rewrites that section of docs/benchmarks.md alone, and leaves every other figure as it was measured. */
function finishHostileInputOnly(hostile: HostileInputResult, started: number): void {
  const section = hostileInputSection(hostile, command, today());
  console.log(`\n${section}\nTook ${secondsSince(started)} s.`);
  fs.writeFileSync(benchmarksDoc, withSection(fs.readFileSync(benchmarksDoc, 'utf8'), section));
}

/** The document with the section of the same heading replaced, or, new, put before the first other one. */
function withSection(document: string, section: string): string {
  const heading = section.slice(0, section.indexOf('\n') + 1);
  const start = document.indexOf(heading);
  if (start >= 0) {
    const next = document.indexOf('\n## ', start + heading.length);
    return document.slice(0, start) + section + (next < 0 ? '' : document.slice(next));
  }
  const first = document.indexOf('\n## ');
  return first < 0 ? `${document}\n${section}` : `${document.slice(0, first + 1)}${section}${document.slice(first)}`;
}

runWithStacks(main);
